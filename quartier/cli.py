"""The admin command line: ``quartier init|create-admin|demo|backup|restore``.

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

from quartier import config, demo
from quartier.auth.accounts import create_admin
from quartier.auth.passwords import check_repeated
from quartier.errors import QuartierError, ValidationError
from quartier.i18n import Translator, available_languages, translator
from quartier.storage import Database, migrate, open_database
from quartier.storage.backup import backup_to, restore_to
from quartier.storage.migrations import schema_version


def _language(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        primary = os.environ.get(var, "").split("_")[0].split(".")[0].lower()
        if primary in available_languages():
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


def build_parser(t: Translator) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quartier", description=t("cli.description"), add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help=t("cli.help"))
    parser.add_argument("--lang", choices=available_languages(), help=t("cli.lang"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", type=Path, default=config.db_path(), metavar="PATH", help=t("cli.db")
    )
    common.add_argument("--lang", choices=available_languages(), help=t("cli.lang"))
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
