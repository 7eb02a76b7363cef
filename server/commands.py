"""Command-line tools: `flask --app wsgi load-units | create-user | seed-demo`."""
import getpass
import sys

import click
from flask import current_app

from .areas.service import load_units
from .auth.service import create_user
from .backup import backup_database
from .demo.seed import seed_demo
from .errors import DomainError
from .roles import ROLES


def register(app):
    app.cli.add_command(load_units_cmd)
    app.cli.add_command(create_user_cmd)
    app.cli.add_command(seed_demo_cmd)
    app.cli.add_command(backup_cmd)


@click.command("load-units")
@click.option("--province", "province_code", default=None, help="Province code, e.g. 56; all 34 when omitted.")
def load_units_cmd(province_code):
    """Load provinces and wards from the official post-2025 list (vietnamadminunits)."""
    try:
        provinces, wards = load_units(province_code)
    except DomainError as err:
        raise click.ClickException(err.message)
    click.echo(f"Loaded {provinces} province(s) and {wards} ward(s).")


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--ward", "ward_code", help="Ward code (officer, volunteer, commander).")
@click.option("--province", "province_code", help="Province code (admin); none for national.")
@click.option("--full-name", default=None)
def create_user_cmd(username, role, ward_code, province_code, full_name):
    """Create a user; the password is read from standard input, or prompted on a terminal."""
    if sys.stdin.isatty():
        password = getpass.getpass("Mật khẩu (password): ")
        if getpass.getpass("Nhập lại (again): ") != password:
            raise click.ClickException("Passwords do not match.")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(username, password, role, full_name, ward_code, province_code)
    except DomainError as err:
        raise click.ClickException(f"{err.message} {err.errors or ''}".strip())
    click.echo(f"Created {user.role} {user.username} (id {user.id}).")


@click.command("seed-demo")
@click.option("--ward", "ward_code", default="22366", show_default=True,
              help="Ward code of the demo ward (default: Phường Nha Trang, Khánh Hòa).")
@click.option("--days", default=90, show_default=True, help="Days of events to generate.")
@click.option("--seed", default=6, show_default=True, help="Random seed (same seed, same ward).")
def seed_demo_cmd(ward_code, days, seed):
    """Build a believable demo ward: groups, users and three months of outreach."""
    try:
        summary = seed_demo(ward_code, days=days, seed=seed)
    except DomainError as err:
        raise click.ClickException(err.message)
    for line in summary:
        click.echo(line)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_cmd(path):
    """Take a consistent backup of the live database into PATH (a new file); see docs/operations.md."""
    try:
        click.echo(backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], path))
    except DomainError as err:
        raise click.ClickException(err.message)
