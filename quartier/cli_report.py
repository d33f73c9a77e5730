"""``quartier report`` (the yearly Sachbericht as PDF or HTML) and ``quartier
export-data`` (a Quartier's open data as XLSX or a Parquet ZIP).

The command line acts with admin rights (whoever runs it owns the database file).
Without a working Chromium the report is still written, without chart images; a note
on stderr says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from quartier import open_data
from quartier.auth import Role, User
from quartier.errors import ValidationError
from quartier.i18n import Translator
from quartier.quartiers import get_quartier
from quartier.storage import Database, migrate, open_database

#: The command line's user: an admin (whoever runs it owns the database file).
CLI_USER = User(id=0, username="kommandozeile", display_name="Kommandozeile", role=Role.ADMIN)
EXPORT_FORMATS = ("xlsx", "parquet")


def _open(path: Path) -> Database:
    db = open_database(path)
    migrate(db)
    return db


def _year(raw: str) -> int:
    """The year as a number; anything else is refused with the report's year message."""
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise ValidationError("errors.report_year_format", field="year", value=raw)
    return int(raw)


def _cmd_report(args: argparse.Namespace, t: Translator) -> None:
    # Imported here: plotly and kaleido are heavy, and only this command needs them.
    from quartier.report import ReportFiles, check_format, write_report

    check_format(args.out.suffix)  # refused before the database is opened
    year = _year(args.year)
    if not args.out.parent.is_dir():
        raise ValidationError("errors.cannot_write", field="out", path=str(args.out))
    db = _open(args.db)
    done: list[ReportFiles] = []
    try:
        quartier = get_quartier(db, args.quartier)
        write_report(db, quartier.id, year, args.out, on_done=done.append)
    finally:
        db.close()
    if done and done[0].charts_missing:
        print(t("cli.report_no_charts"), file=sys.stderr)
    seconds = t.number(round(done[0].seconds, 1)) if done else "–"
    print(t("cli.report_written", path=args.out, name=quartier.name, year=year, seconds=seconds))


def _cmd_export(args: argparse.Namespace, t: Translator) -> None:
    if not args.out.parent.is_dir():  # refused before the database is opened
        raise ValidationError("errors.cannot_write", field="out", path=str(args.out))
    db = _open(args.db)
    try:
        quartier = get_quartier(db, args.quartier)
        if args.format == "xlsx":
            data = open_data.export_xlsx(db, CLI_USER, quartier.id)
        else:
            data = open_data.export_parquet_zip(db, CLI_USER, quartier.id)
    finally:
        db.close()
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        raise ValidationError("errors.cannot_write", field="out", path=str(args.out)) from exc
    print(t("cli.export_data_written", path=args.out, tables=len(open_data.TABLES)))


def add_commands(sub: Any, common: argparse.ArgumentParser, t: Translator) -> None:
    """Register ``report`` and ``export-data`` under ``sub`` (the top-level subparsers);
    ``common`` carries ``--db`` and ``--lang``."""
    report = sub.add_parser(
        "report", parents=[common], help=t("cli.report"), description=t("cli.report")
    )
    report.set_defaults(handler=_cmd_report)
    report.add_argument("--quartier", required=True, metavar="SLUG", help=t("cli.quartier_slug"))
    report.add_argument("--year", required=True, metavar="YYYY", help=t("cli.report_year"))
    report.add_argument("--out", required=True, type=Path, metavar="PATH",
                        help=t("cli.report_out"))  # fmt: skip
    export = sub.add_parser(
        "export-data", parents=[common], help=t("cli.export_data"),
        description=t("cli.export_data"),
    )  # fmt: skip
    export.set_defaults(handler=_cmd_export)
    export.add_argument("--quartier", required=True, metavar="SLUG", help=t("cli.quartier_slug"))
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                        help=t("cli.export_data_format"))  # fmt: skip
    export.add_argument("--out", required=True, type=Path, metavar="PATH",
                        help=t("cli.export_data_out"))  # fmt: skip
