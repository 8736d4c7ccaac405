"""The `pamong` command tree, built from the management commands.

Each Pamong management command becomes a verb under groups named by the words of its name
(`import_units` -> `pamong import units`, `tpp_policy_load` -> `pamong tpp policy load`);
its options, their help and its description come from the command's own argparse
definition, so the business logic and `call_command` stay as they are. Django's commands
live under `pamong django ...` (and still answer at the top level, hidden, so that
`pamong migrate` and `pamong collectstatic` keep working), and every older spelling
(`pamong tenant_create`, `pamong import leave balances`) still resolves.
"""

from __future__ import annotations

import argparse
import inspect
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import Any

import click

from pamong.cli.text import T

PAMONG_APPS = "pamong."
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Verbs whose words are not simply the command's name split at "_".
PATHS: dict[str, tuple[str, ...]] = {
    "api_token": ("api-token",),
    "careers_apply_tmt": ("careers", "apply-tmt"),
    "import_leave_balances": ("import", "leave-balances"),
    "import_tpp_budget": ("import", "tpp-budget"),
}
# Commands with argparse sub-commands: one click verb each.
SUBCOMMANDS: dict[str, tuple[str, ...]] = {"api_token": ("create", "revoke")}
# Django commands Pamong's own help shows at the top level (the rest: `pamong django`).
PROMOTED = {
    "migrate": "Create or update the database tables; run it first and after every upgrade."
}
# Commands that must run before the tables exist.
NO_DATABASE_CHECK = {"restore"}

ROOT_HELP = (
    "Pamong: personnel and performance management for the ASN of a Pemda. "
    "Start with `pamong migrate`, then `pamong tenant create`."
)
GROUPS: dict[tuple[str, ...], str] = {
    ("api-token",): "Create or revoke API tokens of a tenant.",
    ("attendance",): "Attendance devices that push fingerprint punches.",
    ("attendance", "device"): "Attendance devices that push fingerprint punches.",
    ("calendar",): "The work calendar: schedule, holidays and cuti bersama.",
    ("careers",): "Kenaikan pangkat (KP) and gaji berkala (KGB).",
    ("careers", "import"): "Import KP and KGB history.",
    ("careers", "kgb"): "Kenaikan gaji berkala (KGB).",
    ("careers", "kp"): "Kenaikan pangkat (KP).",
    ("competence",): "Competence development: JP ledger, reminders and imports.",
    ("competence", "import"): "Import competence standards, levels and training history.",
    ("complaints",): "Public complaints (pengaduan).",
    ("django",): "Django's own commands (for administrators and developers).",
    ("evaluation",): "Policy evaluation reports.",
    ("export",): "Export data in the import formats.",
    ("formasi",): "Formasi planning: workload analysis (ABK) and the proposal.",
    ("formasi", "needs"): "The workload analysis (ABK) of a year.",
    ("import",): (
        "Import data files (CSV or XLSX). An import is all-or-nothing: a file with problems "
        "prints one FILE:ROW:COLUMN: message line per problem, writes nothing and exits "
        "with status 2. Importing the same file twice changes nothing."
    ),
    ("imports",): "Uploaded import files.",
    ("kinerja",): "The organisation's performance tree.",
    ("kinerja", "tree"): "The organisation's performance tree (sasaran, indikator, PK).",
    ("leave",): "Leave (cuti): balances, rules and settings.",
    ("role",): "Grant and revoke roles of user accounts.",
    ("selection",): "CASN and PPPK selection: load the files and write the ranking.",
    ("skm",): "The satisfaction survey (SKM/IKM).",
    ("skp",): "SKP reminders and settings.",
    ("tenant",): "Tenants: one per pemerintah daerah (Pemda).",
    ("tpp",): "TPP: policy, monthly runs and exports.",
    ("tpp", "policy"): "The TPP policy (tpp-policy.yaml).",
    ("user",): "User accounts.",
}
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "pamong migrate",
        'pamong tenant create --slug kupang --name "Kota Kupang" --timezone Asia/Makassar',
        "pamong import units --tenant kupang units.csv",
        "pamong tpp run --tenant kupang --period 2026-10",
        "pamong import --help",
    ),
    "api_token create": (
        "pamong api-token create --tenant kupang --user auditor.kupang --name sipd "
        "--expires 2027-06-30 --read-only",
    ),
    "api_token revoke": ("pamong api-token revoke --tenant kupang --prefix AbCdEfGh",),
    "attendance_device_create": (
        "pamong attendance device create --tenant kupang --code FP-01 --unit 1.02",
    ),
    "backup": ("pamong backup --output /var/backups/pamong",),
    "calendar_export": ("pamong calendar export --tenant kupang --output calendar.yaml",),
    "calendar_load": ("pamong calendar load --tenant kupang calendar.yaml",),
    "careers_apply_tmt": ("pamong careers apply-tmt --tenant kupang",),
    "careers_import_kgb": ("pamong careers import kgb --tenant kupang kgb.csv",),
    "careers_import_kp": ("pamong careers import kp --tenant kupang kp.csv",),
    "careers_kgb_due": ("pamong careers kgb due --tenant kupang --month 2027-01",),
    "careers_kp_due": ("pamong careers kp due --tenant kupang --period 2027-04 --csv",),
    "competence_import_history": (
        "pamong competence import history --tenant kupang riwayat-diklat.csv",
    ),
    "competence_import_levels": ("pamong competence import levels --tenant kupang levels.csv",),
    "competence_import_standards": (
        "pamong competence import standards --tenant kupang standards.csv",
    ),
    "competence_ledger": (
        "pamong competence ledger --tenant kupang --year 2026 --output jp-2026.xlsx",
    ),
    "competence_remind": ("pamong competence remind --tenant kupang --dry-run",),
    "complaints_escalate": ("pamong complaints escalate --tenant kupang",),
    "demo": ("pamong demo", "pamong demo --tenant-slug kupang --employees 200 --reset"),
    "evaluation_report": (
        "pamong evaluation report --tenant kupang --period 2026-S2 --output evaluasi.pdf",
    ),
    "export_employees": ("pamong export employees --tenant kupang --output employees.xlsx",),
    "formasi_needs_load": ("pamong formasi needs load --tenant kupang --year 2027 abk.csv",),
    "formasi_proposal": ("pamong formasi proposal --tenant kupang --year 2027",),
    "import_attendance": ("pamong import attendance --tenant kupang --skip-unknown punches.csv",),
    "import_duties": ("pamong import duties --tenant kupang duties.csv",),
    "import_employees": ("pamong import employees --tenant kupang employees.csv",),
    "import_kinerja": ("pamong import kinerja --tenant kupang kinerja.csv",),
    "import_leave": ("pamong import leave --tenant kupang leave.csv",),
    "import_leave_balances": ("pamong import leave-balances --tenant kupang saldo-cuti.csv",),
    "import_penghasilan": ("pamong import penghasilan --tenant kupang penghasilan-2026-10.csv",),
    "import_sanctions": ("pamong import sanctions --tenant kupang sanctions.csv",),
    "import_skm": ("pamong import skm --tenant kupang skm-2026-s1.csv",),
    "import_tpp_budget": ("pamong import tpp-budget --tenant kupang pagu-2026.csv",),
    "import_units": ("pamong import units --tenant kupang units.csv",),
    "imports_purge": ("pamong imports purge", "pamong imports purge --days 30"),
    "kinerja_tree_export": (
        "pamong kinerja tree export --tenant kupang --year 2026 --output pohon.yaml",
    ),
    "kinerja_tree_import": ("pamong kinerja tree import --tenant kupang --year 2026 pohon.yaml",),
    "leave_balances": (
        "pamong leave balances --tenant kupang --year 2026 --output sisa-cuti-2026.xlsx",
    ),
    "leave_rule": ("pamong leave rule --tenant kupang --kind sakit --attachment-over-days 2",),
    "leave_settings": ("pamong leave settings --tenant kupang --first-year 2026",),
    "restore": ("pamong restore /var/backups/pamong/pamong-2026-10-01.tar.gz",),
    "role_grant": (
        "pamong role grant --tenant kupang --user 199001012019032004 --role finance --unit 1.02",
    ),
    "role_revoke": (
        "pamong role revoke --tenant kupang --user 199001012019032004 --role finance --unit 1.02",
    ),
    "selection_load": (
        "pamong selection load --tenant kupang --selection CPNS2026 --formasi formasi.csv "
        "--peserta peserta.csv --skb skb.csv",
        "pamong selection load --tenant kupang --selection PPPK2026 --kind pppk "
        "--formasi formasi.csv --peserta peserta.csv --bobot bobot.csv",
    ),
    "selection_rank": (
        "pamong selection rank --tenant kupang --selection CPNS2026 --output ranking.csv",
    ),
    "skm_report": (
        "pamong skm report --tenant kupang --from 2026-01-01 --to 2026-06-30 "
        "--output ikm-2026-s1.xlsx",
    ),
    "skp_remind": ("pamong skp remind --tenant kupang --dry-run",),
    "skp_settings": ("pamong skp settings --tenant kupang --email-reminders off",),
    "tenant_create": (
        'pamong tenant create --slug kupang --name "Kota Kupang" --timezone Asia/Makassar',
    ),
    "tpp_export": ("pamong tpp export --tenant kupang --period 2026-10 --output tpp-2026-10.xlsx",),
    "tpp_policy_export": ("pamong tpp policy export --tenant kupang --output tpp-policy.yaml",),
    "tpp_policy_load": ("pamong tpp policy load --tenant kupang tpp-policy.yaml",),
    "tpp_run": (
        "pamong tpp run --tenant kupang --period 2026-10",
        "pamong tpp run --tenant kupang --period 2026-11 --partial",
    ),
    "user_create": (
        "pamong user create --tenant kupang --username admin.kupang "
        "--email bkpsdm@kupangkota.go.id --role bkpsdm_admin",
        "pamong user create --tenant kupang --nip 199001012019032004",
    ),
}
# Help for options and arguments whose command gives none: by command, else by name.
FALLBACK_HELP: dict[str, str] = {
    "archive": "the archive written by `pamong backup`",
    "backup output": "a folder, or the .tar.gz file to write",
    "date": "the day, YYYY-MM-DD (default: today)",
    "email": "e-mail address; the activation link is sent there",
    "email_reminders": "on or off",
    "file": "the file to read",
    "first_year": "the first year whose annual leave Pamong tracks",
    "formasi": "the formasi file (CSV or XLSX)",
    "ignore_unknown_columns": "accept columns the format does not know, and ignore them",
    "max_months": "the longest leave of this kind, in months",
    "min_service_years": "years of service needed before this leave",
    "attendance_device_create name": "name of the device, e.g. its place",
    "tenant_create name": 'name of the Pemda, e.g. "Kota Kupang"',
    "output": "the file to write (see above for its formats)",
    "peserta": "the participants file (CSV or XLSX)",
    "reason": "why; kept in the audit log",
    "role": "the role to grant or revoke",
    "skb": "the SKB scores file (CSV or XLSX)",
    "slug": "short code of the tenant, used by every command, e.g. kupang",
    "timezone": "Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
    "user": "username (the NIP for employees)",
    "year": "the year, e.g. 2026",
}
GROUP_EXAMPLES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("import",): (
        "pamong import units --tenant kupang units.csv",
        "pamong import employees --tenant kupang employees.csv",
        "pamong import attendance --tenant kupang --skip-unknown attendance.csv",
        "pamong careers import kp --tenant kupang kp.csv",
        "pamong competence import standards --tenant kupang standards.csv",
    ),
    ("tpp",): (
        "pamong tpp policy load --tenant kupang tpp-policy.yaml",
        "pamong tpp run --tenant kupang --period 2026-10",
        "pamong tpp export --tenant kupang --period 2026-10 --output tpp-2026-10.xlsx",
    ),
}
# Django's own options every management command has; accepted, but not in Pamong's help.
DJANGO_BASE_OPTIONS = {
    "--version",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
    "-v",
}

Runner = Callable[[str, str, list[str]], None]


def path_of(name: str) -> tuple[str, ...]:
    return PATHS.get(name, tuple(name.split("_")))


def first_sentence(text: str) -> str:
    """The description up to the end of its first sentence (the one-line listing)."""
    text = " ".join(text.split())
    for match in re.finditer(r"[.;] ", text):
        head = text[: match.start()]
        if len(head) >= 20 and head.count("(") == head.count(")"):
            return head + "."
    return text


class HelpMixin:
    """Help with an examples section written line by line (never re-wrapped)."""

    examples: tuple[str, ...] = ()

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)  # type: ignore[misc]
        if self.examples:
            with formatter.section(T("Examples")):
                for line in self.examples:
                    formatter.write(f"{'':>{formatter.current_indent}}{line}\n")


class Group(HelpMixin, click.Group):
    """A group whose verbs may be several words (`import leave-balances`)."""

    def __init__(self, name: str, help: str | None = None, **kwargs: Any) -> None:  # noqa: A002
        super().__init__(
            name,
            help=help,
            context_settings=CONTEXT,
            options_metavar=T("[OPTIONS]"),
            subcommand_metavar=T("COMMAND [ARGS]..."),
            **kwargs,
        )
        self.aliases: dict[str, click.Command] = {}

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        for width in range(min(3, len(args)), 1, -1):
            words = args[:width]
            if any(w.startswith("-") for w in words):
                continue
            command = self.aliases.get(" ".join(words))
            if command is not None:
                return command.name, command, args[width:]
        return super().resolve_command(ctx, args)


class ArgparseType(click.ParamType):
    """An argparse `type=` callable (a date parser, a period) checked by click as well."""

    def __init__(self, convert: Callable[[str], Any]) -> None:
        self.convert_with = convert
        self.name = getattr(convert, "__name__", "value")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            self.convert_with(value)
        except (ValueError, TypeError, argparse.ArgumentTypeError):
            self.fail(T("{value!r} is not valid here.").format(value=value), param, ctx)
        return value  # argparse converts it again when the command runs


def click_type(action: argparse.Action) -> click.ParamType:
    if action.choices is not None:
        return click.Choice([str(c) for c in action.choices])
    convert = action.type
    if convert is int:
        return click.INT
    if convert is float:
        return click.FLOAT
    if convert is None or convert is str or inspect.isclass(convert) or not callable(convert):
        return click.STRING
    return ArgparseType(convert)


def raw_help(action: argparse.Action, command: str) -> str:
    if action.help:
        return str(action.help)
    return FALLBACK_HELP.get(f"{command} {action.dest}") or FALLBACK_HELP.get(action.dest, "")


def expand_help(action: argparse.Action, prog: str, command: str = "") -> str:
    text = T(raw_help(action, command))
    if "%" not in text:
        return text
    params: dict[str, Any] = dict(vars(action), prog=prog)
    for key, value in list(params.items()):
        if value is argparse.SUPPRESS:
            del params[key]
        elif hasattr(value, "__name__"):
            params[key] = value.__name__
    if params.get("choices") is not None:
        params["choices"] = ", ".join(str(c) for c in params["choices"])
    try:
        return text % params
    except (KeyError, TypeError, ValueError):
        return text


def shown_default(action: argparse.Action) -> dict[str, Any]:
    """click's default (shown in the help) for plain argparse defaults; argparse applies it."""
    default = action.default
    if isinstance(default, bool) or not isinstance(default, str | int | float) or default == "":
        return {}
    return {"default": default, "show_default": True}


def params_from_parser(parser: argparse.ArgumentParser, command: str = "") -> list[click.Parameter]:
    """click parameters mirroring an argparse parser (argparse parses again at run time)."""
    params: list[click.Parameter] = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        hidden = action.help == argparse.SUPPRESS or bool(
            set(action.option_strings) & DJANGO_BASE_OPTIONS
        )
        if not action.option_strings:
            nargs = action.nargs
            required = nargs not in ("?", "*")
            count = (
                -1
                if nargs in ("*", "+", argparse.REMAINDER)
                else (nargs if isinstance(nargs, int) else 1)
            )
            params.append(
                click.Argument(
                    [action.dest],
                    type=click_type(action),
                    required=required,
                    nargs=count,
                    metavar=(action.metavar or action.dest.upper()),
                    help=expand_help(action, parser.prog, command) or None,
                )
            )
            continue
        common: dict[str, Any] = {
            "help": None if hidden else expand_help(action, parser.prog, command),
            "hidden": hidden,
            "required": bool(action.required),
            "expose_value": True,
        }
        decls = [*action.option_strings, action.dest.replace("-", "_")]
        if action.nargs == 0:
            params.append(click.Option(decls, is_flag=True, count=False, flag_value=True, **common))
            continue
        if isinstance(action, argparse._CountAction):
            params.append(click.Option(decls, count=True, **common))
            continue
        metavar = action.metavar if isinstance(action.metavar, str) else None
        longs = [o for o in action.option_strings if o.startswith("--")] or action.option_strings
        longest = longs[0].lstrip("-").upper()
        mentions_default = "default" in raw_help(action, command).lower()
        multiple = isinstance(action, argparse._AppendAction) or action.nargs in ("+", "*")
        params.append(
            click.Option(
                decls,
                type=click_type(action),
                multiple=multiple,
                metavar=metavar or longest,
                **({} if mentions_default else shown_default(action)),
                **common,
            )
        )
    return params


def loaded(app: str, name: str) -> Any:
    from django.core.management import load_command_class

    return load_command_class(app, name)


class ManagementCommand(HelpMixin, click.Command):
    """A Pamong management command as a click verb; loaded only when used or listed."""

    def __init__(
        self,
        verb: str,
        app: str,
        name: str,
        runner: Runner,
        subcommand: str | None = None,
    ) -> None:
        self.app, self.command_name, self.subcommand, self.runner = app, name, subcommand, runner
        key = f"{name} {subcommand}" if subcommand else name
        self.examples = EXAMPLES.get(key, ())
        super().__init__(verb, context_settings=CONTEXT, options_metavar=T("[OPTIONS]"))

    # click sets these in __init__; they are computed from the command on first use.
    params = property(lambda self: self._loaded[0], lambda self, value: None)
    help = property(lambda self: self._loaded[1], lambda self, value: None)
    short_help = property(lambda self: first_sentence(self._loaded[1]), lambda self, value: None)

    @cached_property
    def _loaded(self) -> tuple[list[click.Parameter], str]:
        command = loaded(self.app, self.command_name)
        parser = command.create_parser("pamong", self.command_name)
        text = command.help or ""
        if self.subcommand:
            for action in parser._actions:
                if isinstance(action, argparse._SubParsersAction):
                    parser = action.choices[self.subcommand]
                    text = next(
                        (c.help for c in action._choices_actions if c.dest == self.subcommand),
                        text,
                    )
        self.parser = parser
        return params_from_parser(parser, self.command_name), T(" ".join(str(text).split()))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["pamong.argv"] = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> None:
        argv = ctx.meta["pamong.argv"]
        self.runner(
            self.app, self.command_name, [self.subcommand, *argv] if self.subcommand else argv
        )


class DjangoCommand(click.Command):
    """One of Django's commands, handed its arguments untouched (its help is Django's)."""

    def __init__(self, name: str, app: str, help: str | None = None, **kw: Any) -> None:  # noqa: A002
        self.app = app
        self.promoted_help = help
        super().__init__(
            name,
            add_help_option=False,
            context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
            **kw,
        )

    @cached_property
    def _help(self) -> str:
        if self.promoted_help:
            return T(self.promoted_help)
        try:
            return " ".join(str(loaded(self.app, self.name or "").help or "").split())
        except Exception:  # a broken third-party command must not break `pamong django --help`
            return ""

    help = property(lambda self: self._help, lambda self, value: None)
    short_help = property(lambda self: first_sentence(self._help), lambda self, value: None)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["pamong.argv"] = list(args)
        return []

    def invoke(self, ctx: click.Context) -> None:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["pamong", self.name or "", *ctx.meta["pamong.argv"]])


class Root(Group):
    """`pamong`: Pamong's groups; every older spelling resolves as before."""

    def __init__(self, commands: dict[str, str], runner: Runner) -> None:
        super().__init__("pamong", help=T(ROOT_HELP))
        self.examples = EXAMPLES[""]
        self.known = commands
        self.leaves: dict[str, click.Command] = {}
        self.django_group = Group("django", help=T(GROUPS[("django",)]))
        self.add_command(self.django_group)
        for name, app in sorted(commands.items()):
            if app.startswith(PAMONG_APPS):
                self._add_pamong(name, app, runner)
            else:
                self.django_group.add_command(DjangoCommand(name, app))
                if name in PROMOTED:
                    self.add_command(DjangoCommand(name, app, help=PROMOTED[name]))
                self.leaves[name] = self.leaves.get(name) or DjangoCommand(name, app, hidden=True)

    def _group(self, words: Sequence[str]) -> Group:
        group: Group = self
        for i, word in enumerate(words):
            child = group.commands.get(word)
            if child is None:
                help_text = GROUPS.get(tuple(words[: i + 1]))
                child = Group(word, help=T(help_text) if help_text else None)
                child.examples = GROUP_EXAMPLES.get(tuple(words[: i + 1]), ())
                group.add_command(child)
            assert isinstance(child, Group), words
            group = child
        return group

    def _add_pamong(self, name: str, app: str, runner: Runner) -> None:
        *groups, verb = path_of(name)
        subcommands = SUBCOMMANDS.get(name)
        if subcommands:
            parent = self._group([*groups, verb])
            for sub in subcommands:
                parent.add_command(ManagementCommand(sub, app, name, runner, sub))
            self.leaves[name] = parent
            return
        command = ManagementCommand(verb, app, name, runner)
        self._group(groups).add_command(command)
        self.leaves[name] = command
        natural = tuple(name.split("_"))
        if natural != path_of(name) and len(natural) > 1:
            # The name's own words still work: `pamong import leave balances FILE`.
            self._group(natural[:1]).aliases[" ".join(natural[1:])] = command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        for width in range(min(4, len(args)), 0, -1):
            words = args[:width]
            if any(w.startswith("-") for w in words):
                continue
            name = "_".join(words)
            if name in self.leaves and (width > 1 or name not in self.commands):
                command = self.leaves[name]
                return " ".join(path_of(name)), command, args[width:]
        return super().resolve_command(ctx, args)

    def walk(self) -> Iterator[tuple[tuple[str, ...], click.Command]]:
        """Every visible group and verb with its path, Django's commands left out."""

        def visit(path: tuple[str, ...], command: click.Command) -> Iterator[Any]:
            yield path, command
            if isinstance(command, click.Group) and command is not self.django_group:
                for name, child in sorted(command.commands.items()):
                    if not child.hidden:
                        yield from visit((*path, name), child)

        yield from visit((), self)


def build(commands: dict[str, str], runner: Runner) -> Root:
    return Root(commands, runner)
