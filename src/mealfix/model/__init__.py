"""Model: the request and the only copy of its defaults, the food rules, the day as arrays."""
