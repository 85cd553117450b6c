"""``python -m mealfix``: the same command line as the ``mealfix`` script."""

from mealfix.cli import main

if __name__ == "__main__":
    main()
