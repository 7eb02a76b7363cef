"""users.totp_secret: stored encrypted with TOTP_ENCRYPTION_KEY (Fernet), room for the token

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 11:00:00

"""
from alembic import op
import sqlalchemy as sa

from server.secretbox import TOKEN_PREFIX, decrypt_secret, encrypt_secret


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_users = sa.table('users', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))


def _rewrite(convert):
    bind = op.get_bind()
    rows = bind.execute(sa.select(_users.c.id, _users.c.totp_secret)
                        .where(_users.c.totp_secret.isnot(None))).all()
    for user_id, value in rows:
        bind.execute(_users.update().where(_users.c.id == user_id)
                     .values(totp_secret=convert(value)))


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=64),
                              type_=sa.String(length=255), existing_nullable=True)
    _rewrite(lambda plain: plain if plain.startswith(TOKEN_PREFIX) else encrypt_secret(plain))


def downgrade():
    _rewrite(lambda token: decrypt_secret(token) if token.startswith(TOKEN_PREFIX) else token)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=255),
                              type_=sa.String(length=64), existing_nullable=True)
