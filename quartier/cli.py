"""The admin command line: ``quartier init|create-admin|demo|backup|restore|survey|network``,
``quartier report`` and ``quartier export-data``.

Texts come from the catalogues; ``--lang en`` (or an English ``LANG``) switches to
English. Every command takes ``--db PATH`` (default: the QUARTIER_DB setting).
Exit status: 0 done, 1 refused with a message on stderr, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from quartier import cli_network, cli_report, config, demo
from quartier.auth import Role, User
from quartier.auth.accounts import create_admin
from quartier.auth.passwords import check_repeated
from quartier.errors import QuartierError, ValidationError
from quartier.i18n import Translator, staff_languages, translator
from quartier.quartiers import get_quartier
from quartier.storage import Database, migrate, open_database
from quartier.storage.backup import backup_to, restore_to
from quartier.storage.migrations import schema_version
from quartier.surveys.exports import ExportFormat, export_responses
from quartier.surveys.store import export_xlsform, import_xlsform


def _language(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        primary = os.environ.get(var, "").split("_")[0].split(".")[0].lower()
        if primary in staff_languages():
            return primary
    return "de"


def _open(path: Path) -> Database:
    db = open_database(path)
    migrate(db)
    return db


def _cmd_init(args: argparse.Namespace, t: Translator) -> None:
    db = _open(args.db)
    try:
        print(t("cli.init_done", path=args.db, version=schema_version(db)))
    finally:
        db.close()


def _read_password(t: Translator) -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line.strip():
            raise ValidationError("errors.password_stdin_empty", field="password")
        return line.rstrip("\r\n")
    first = getpass.getpass(t("cli.password_prompt"))
    check_repeated(first, getpass.getpass(t("cli.password_repeat")))
    return first


def _cmd_create_admin(args: argparse.Namespace, t: Translator) -> None:
    password = _read_password(t)
    db = _open(args.db)
    try:
        user = create_admin(db, args.username, password, args.name or "")
    finally:
        db.close()
    print(t("cli.admin_created", username=user.username))


def _cmd_demo(args: argparse.Namespace, t: Translator) -> None:
    db = _open(args.db)
    try:
        result = demo.seed(db)
    finally:
        db.close()
    print(t("cli.demo_done", name=result.quartier.name, actors=result.actors), file=sys.stderr)
    for account in result.accounts:
        print(f"{account.role.value} {account.username} {account.password}")


def _cmd_backup(args: argparse.Namespace, t: Translator) -> None:
    db = _open(args.db)
    try:
        info = backup_to(db, args.path)
    finally:
        db.close()
    rows = sum(info.tables.values())
    print(t("cli.backup_done", path=info.path, tables=len(info.tables), rows=rows))


def _cmd_restore(args: argparse.Namespace, t: Translator) -> None:
    target: Path = args.db
    kept = None
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        kept = target.with_name(f"{target.stem}.vor-wiederherstellung-{stamp}{target.suffix}")
    info = restore_to(args.path, target, keep_previous=kept)
    print(t("cli.restore_done", path=target, source=info.path, version=info.schema_version))
    if kept is not None:
        print(t("cli.restore_kept", path=kept))


#: The command line acts with admin rights: whoever runs it owns the database file.
CLI_USER = User(id=0, username="kommandozeile", display_name="Kommandozeile", role=Role.ADMIN)


def _cmd_survey_import(args: argparse.Namespace, t: Translator) -> None:
    db = _open(args.db)
    try:
        quartier = get_quartier(db, args.quartier)
        survey = import_xlsform(db, CLI_USER, quartier.id, args.file, open_now=args.open)
    finally:
        db.close()
    for item in survey.skipped:
        print(
            t("cli.survey_skipped", sheet=item["sheet"], row=item["row"], name=item["name"],
              type=item["type"], reason=t(item["reason_key"])),
            file=sys.stderr,
        )  # fmt: skip
    status = t(f"survey.status.{survey.status}")
    print(t("cli.survey_imported", title=survey.title(t.code), status=status), file=sys.stderr)
    print(survey.id)


def _cmd_survey_export(args: argparse.Namespace, t: Translator) -> None:
    if not args.out.parent.is_dir():  # refused before any exporter opens a file there
        raise ValidationError("errors.cannot_write", field="out", path=str(args.out))
    db = _open(args.db)
    try:
        if args.format == "xlsform":
            data = export_xlsform(db, CLI_USER, args.id)
            args.out.write_bytes(data)
            rows = None
        else:
            rows = export_responses(db, args.id, ExportFormat(args.format), args.language, args.out)
    except (OSError, duckdb.IOException) as exc:  # Parquet is written by DuckDB itself
        raise ValidationError("errors.cannot_write", field="out", path=str(args.out)) from exc
    finally:
        db.close()
    if rows is None:
        print(t("cli.survey_exported_form", path=args.out))
    else:
        print(t("cli.survey_exported", path=args.out, rows=rows))


def build_parser(t: Translator) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quartier", description=t("cli.description"), add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help=t("cli.help"))
    parser.add_argument("--lang", choices=staff_languages(), help=t("cli.lang"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", type=Path, default=config.db_path(), metavar="PATH", help=t("cli.db")
    )
    common.add_argument("--lang", choices=staff_languages(), help=t("cli.lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, help_key: str, handler: Callable[[argparse.Namespace, Translator], None]
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=t(help_key), description=t(help_key))
        p.set_defaults(handler=handler)
        return p

    command("init", "cli.init", _cmd_init)
    admin = command("create-admin", "cli.create_admin", _cmd_create_admin)
    admin.add_argument("username", metavar="USERNAME", help=t("cli.username"))
    admin.add_argument("--name", help=t("cli.display_name"))
    command("demo", "cli.demo", _cmd_demo)
    backup = command("backup", "cli.backup", _cmd_backup)
    backup.add_argument("path", type=Path, metavar="PATH", help=t("cli.backup_path"))
    restore = command("restore", "cli.restore", _cmd_restore)
    restore.add_argument("path", type=Path, metavar="PATH", help=t("cli.restore_path"))
    survey = sub.add_parser("survey", help=t("cli.survey"), description=t("cli.survey"))
    survey_sub = survey.add_subparsers(dest="survey_command", required=True, metavar="COMMAND")
    imp = survey_sub.add_parser(
        "import", parents=[common], help=t("cli.survey_import"), description=t("cli.survey_import")
    )
    imp.set_defaults(handler=_cmd_survey_import)
    imp.add_argument("file", type=Path, metavar="FILE.xlsx", help=t("cli.survey_file"))
    imp.add_argument("--quartier", required=True, metavar="SLUG", help=t("cli.quartier_slug"))
    imp.add_argument("--open", action="store_true", help=t("cli.survey_open"))
    exp = survey_sub.add_parser(
        "export", parents=[common], help=t("cli.survey_export"), description=t("cli.survey_export")
    )
    exp.set_defaults(handler=_cmd_survey_export)
    exp.add_argument("id", type=int, metavar="ID", help=t("cli.survey_id"))
    exp.add_argument(
        "--format", required=True, choices=["xlsform", "csv", "xlsx", "parquet"],
        help=t("cli.survey_format"),
    )  # fmt: skip
    exp.add_argument("--out", required=True, type=Path, metavar="PATH", help=t("cli.survey_out"))
    exp.add_argument("--language", default="de", metavar="CODE", help=t("cli.survey_language"))
    cli_network.add_commands(sub, common, t)
    cli_report.add_commands(sub, common, t)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    t = translator(_language(args_list))
    parser = build_parser(t)
    args = parser.parse_args(args_list)
    try:
        args.handler(args, t)
    except QuartierError as exc:
        print(t("cli.error", message=exc.text(t.code)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
