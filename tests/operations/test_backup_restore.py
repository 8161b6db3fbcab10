"""The documented backup (pg_dump -Fc) restores into a fresh database with every response intact.

Runs the same commands as docs/operations.md against the test database.
"""

import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from survey.models import Answer, Response, RoleAnswer, Zone
from tests import factories as f

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Backup and restore use pg_dump/pg_restore: run with DATABASE_URL=postgres://...",
)


def pg_env(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def pg_args(settings_dict):
    return [
        "-h",
        settings_dict.get("HOST") or "127.0.0.1",
        "-p",
        str(settings_dict.get("PORT") or 5432),
        "-U",
        settings_dict.get("USER") or "postgres",
    ]


def run(command, settings_dict):
    subprocess.run(command, check=True, env=pg_env(settings_dict), capture_output=True, timeout=300)


@pytest.fixture
def surveyed(transactional_db):
    """Submitted and in-progress responses with answers and role answers, committed."""
    module = f.questionnaire(items=4, objectives=2)
    objective = module.objectives.first()
    category = module.items.first().category
    for index in range(5):
        factory = f.SubmittedResponseFactory if index % 2 else f.ResponseFactory
        response = factory(zone=f.ZoneFactory(), module=module)
        for item in module.items.all():
            f.AnswerFactory(response=response, item=item, code=(index + item.order) % 4 + 1)
        f.RoleAnswerFactory(response=response, category=category, objective=objective, code=1)
    return module


def snapshot_from_orm():
    return {
        "responses": sorted(
            Response.objects.values_list("pk", "zone__code", "module_id", "status", "source")
        ),
        "answers": sorted(Answer.objects.values_list("response_id", "item_id", "code")),
        "roles": sorted(
            RoleAnswer.objects.values_list("response_id", "category_id", "objective_id", "code")
        ),
    }


def snapshot_from(conninfo):
    def rows(query, *models):
        tables = [sql.Identifier(model._meta.db_table) for model in models]
        return sorted(db.execute(sql.SQL(query).format(*tables)).fetchall())

    with psycopg.connect(conninfo) as db:
        return {
            "responses": rows(
                "SELECT r.id, z.code, r.module_id, r.status, r.source "
                "FROM {} r JOIN {} z ON z.id = r.zone_id",
                Response,
                Zone,
            ),
            "answers": rows("SELECT response_id, item_id, code FROM {}", Answer),
            "roles": rows(
                "SELECT response_id, category_id, objective_id, code FROM {}", RoleAnswer
            ),
        }


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_a_backup_restores_into_a_fresh_database_with_every_response_intact(surveyed, tmp_path):
    settings_dict = connection.settings_dict
    expected = snapshot_from_orm()
    assert len(expected["responses"]) == 5 and len(expected["answers"]) == 20

    dump = tmp_path / "survey.dump"
    fresh = f"pts_restore_{uuid.uuid4().hex[:12]}"
    args = pg_args(settings_dict)
    run(
        ["pg_dump", *args, "-Fc", "--no-owner", "-f", str(dump), settings_dict["NAME"]],
        settings_dict,
    )
    run(["createdb", *args, fresh], settings_dict)
    try:
        run(
            ["pg_restore", *args, "--no-owner", "--exit-on-error", "-d", fresh, str(dump)],
            settings_dict,
        )
        conninfo = psycopg.conninfo.make_conninfo(
            host=args[1],
            port=args[3],
            user=args[5],
            dbname=fresh,
            password=settings_dict.get("PASSWORD") or None,
        )
        assert snapshot_from(conninfo) == expected
    finally:
        run(["dropdb", *args, "--if-exists", fresh], settings_dict)
