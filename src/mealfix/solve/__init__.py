"""Solve: backends and statuses, settling a day (solve -> round -> verify), the week and meals."""
