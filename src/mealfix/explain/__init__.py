"""Explain: a plan's reasons; when no plan exists, how close and the ways out; what-ifs."""
