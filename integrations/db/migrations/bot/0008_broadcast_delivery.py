"""broadcast delivery: retries, event ids, read receipts; DMs the Matrix bot opens

Revision ID: 5c2e8a91d0b4
Revises: 3f4715b3f2f0
Create Date: 2026-11-28 20:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '5c2e8a91d0b4'
down_revision = '3f4715b3f2f0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('broadcast_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('event_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('read_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_broadcast_outbox_event_id'), ['event_id'], unique=False)
    op.create_table('matrix_dms',
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('matrix_dms')
    with op.batch_alter_table('broadcast_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_broadcast_outbox_event_id'))
        batch_op.drop_column('read_at')
        batch_op.drop_column('event_id')
        batch_op.drop_column('next_attempt_at')
