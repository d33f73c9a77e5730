"""``quartier network export|import``: the actor network as GraphML, GEXF or CSV.

The command line acts with admin rights (whoever runs it owns the database file);
imported records carry no "entered by". An import with problems prints every problem
on stderr, one per line, stores nothing and exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from quartier.errors import ValidationError
from quartier.i18n import Translator
from quartier.network.actors import list_actors
from quartier.network.checks import BatchRejected
from quartier.network.exchange import FORMATS, export_network
from quartier.network.importing import import_network
from quartier.network.ties import list_ties
from quartier.quartiers import get_quartier
from quartier.storage import Database, migrate, open_database


def _open(path: Path) -> Database:
    db = open_database(path)
    migrate(db)
    return db


def _cmd_export(args: argparse.Namespace, t: Translator) -> None:
    if not args.out.parent.is_dir():  # refused before the database is opened
        raise ValidationError("errors.cannot_write", field="out", path=str(args.out))
    db = _open(args.db)
    try:
        quartier = get_quartier(db, args.quartier)
        data = export_network(db, quartier.id, args.format)
        actors, ties = len(list_actors(db, quartier.id)), len(list_ties(db, quartier.id))
    finally:
        db.close()
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        raise ValidationError("errors.cannot_write", field="out", path=str(args.out)) from exc
    print(t("cli.network_exported", path=args.out, actors=actors, ties=ties))


def _cmd_import(args: argparse.Namespace, t: Translator) -> None:
    try:
        data = args.path.read_bytes()
    except OSError as exc:
        raise ValidationError("errors.file_unreadable", field="path", path=str(args.path)) from exc
    db = _open(args.db)
    try:
        quartier = get_quartier(db, args.quartier)
        try:
            result = import_network(db, None, quartier.id, args.path.name, data)
        except BatchRejected as exc:
            for line in exc.report(t.code):
                print(line, file=sys.stderr)
            raise
    finally:
        db.close()
    print(t(
        "cli.network_imported", name=quartier.name, actors_added=result.actors_added,
        actors_updated=result.actors_updated, actors_unchanged=result.actors_unchanged,
        ties_added=result.ties_added, ties_updated=result.ties_updated,
        ties_unchanged=result.ties_unchanged,
    ))  # fmt: skip


def add_commands(sub: Any, common: argparse.ArgumentParser, t: Translator) -> None:
    """Register ``network export`` and ``network import`` under ``sub`` (the top-level
    subparsers); ``common`` carries ``--db`` and ``--lang``."""
    network = sub.add_parser("network", help=t("cli.network"), description=t("cli.network"))
    commands = network.add_subparsers(dest="network_command", required=True, metavar="COMMAND")
    exp = commands.add_parser(
        "export", parents=[common], help=t("cli.network_export"),
        description=t("cli.network_export"),
    )  # fmt: skip
    exp.set_defaults(handler=_cmd_export)
    exp.add_argument("--quartier", required=True, metavar="SLUG", help=t("cli.quartier_slug"))
    exp.add_argument("--format", required=True, choices=FORMATS, help=t("cli.network_format"))
    exp.add_argument("--out", required=True, type=Path, metavar="PATH", help=t("cli.network_out"))
    imp = commands.add_parser(
        "import", parents=[common], help=t("cli.network_import"),
        description=t("cli.network_import"),
    )  # fmt: skip
    imp.set_defaults(handler=_cmd_import)
    imp.add_argument("path", type=Path, metavar="PATH", help=t("cli.network_file"))
    imp.add_argument("--quartier", required=True, metavar="SLUG", help=t("cli.quartier_slug"))
