"""How the command line speaks: ``--help`` in sections (who you are, what you suspect, how you
eat, ...), and a usage error as one line naming the option, not a usage block.

Plain click: an option carries its section (``SectionOption``), and a command lists its
options section by section; importing this costs nothing beyond click.
"""

from __future__ import annotations

import sys
from typing import Any

import click


class Section:
    """The sections of ``--help``, in the order they are listed (``ORDER``)."""

    WHO = "Who you are"
    SUSPECTED = "What you suspect"
    EATING = "How you eat"
    RULES = "Food rules"
    OBJECTIVE = "Objective"
    WEEK = "The week"
    TABLES = "Your own tables"
    LOOKUP = "What to look up"
    OUTPUT = "Output"
    SOLVER = "Solver"
    OTHER = "Other options"
    ORDER = (LOOKUP, WHO, SUSPECTED, EATING, RULES, OBJECTIVE, WEEK, TABLES, OUTPUT, SOLVER, OTHER)


class SectionOption(click.Option):
    """A click option that says which ``--help`` section it belongs to."""

    def __init__(self, *args: Any, section: str = Section.OTHER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section


def section_of(param: click.Parameter) -> str:
    return getattr(param, "section", Section.OTHER)


class SectionedCommand(click.Command):
    """A command whose ``--help`` lists its options by section, in ``Section.ORDER``."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None and not isinstance(param, click.Argument):
                records.setdefault(section_of(param), []).append(record)
        for title in sorted(records, key=_order):
            with formatter.section(title):
                formatter.write_dl(records[title])


def _order(title: str) -> int:
    order = Section.ORDER
    return order.index(title) if title in order else len(order)


class OneLineGroup(click.Group):
    """The ``mealfix`` group: its commands list options by section, and a usage error (an
    unknown option, a format a command does not print) is one line on stderr, exit 2."""

    command_class = SectionedCommand

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `mealfix`: the help
                exc.show()
                sys.exit(exc.exit_code)
            hint = ""
            if exc.ctx is not None and exc.ctx.command is not self:
                hint = f" ({exc.ctx.command_path} --help lists the options)"
            click.echo(f"mealfix: error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("mealfix: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)
