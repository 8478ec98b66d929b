"""document contents: a row per content version, image blobs by sha256; documents get a status

Revision ID: 0501
Revises: 0401
"""

import sqlalchemy as sa
from alembic import op

revision = '0501'
down_revision = '0401'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_contents',
    sa.Column('document_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_contents_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'version', name=op.f('pk_document_contents'))
    )
    op.create_table('document_blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_document_blobs'))
    )
    # Every document is complete (seed 002 shows "status": "COMPLETE"); older rows had none.
    op.execute("UPDATE documents SET status = 'COMPLETE' WHERE status IS NULL")


def downgrade() -> None:
    op.drop_table('document_blobs')
    op.drop_table('document_contents')
