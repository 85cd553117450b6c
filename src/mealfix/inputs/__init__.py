"""Inputs: the files (foods, targets, symptoms), the person, the diet rules that pick foods."""
