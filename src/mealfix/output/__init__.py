"""Output: the results a person gets (they show themselves), as text, JSON, CSV, HTML and plots."""
