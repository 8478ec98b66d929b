"""OAuth 1.0a provider: consumers, request and access tokens, nonces

Revision ID: 0601
Revises: 0501
"""

import sqlalchemy as sa
from alembic import op

revision = "0601"
down_revision = "0501"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('oauth1_consumers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('consumer_key', sa.String(length=64), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('callback_uris', sa.Text(), nullable=False),
    sa.Column('rsa_public_key', sa.Text(), nullable=True),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth1_consumers')),
    sa.UniqueConstraint('consumer_key', name=op.f('uq_oauth1_consumers_consumer_key'))
    )
    op.create_table('oauth1_nonces',
    sa.Column('nonce_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('expires', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('nonce_hash', name=op.f('pk_oauth1_nonces'))
    )
    op.create_index(op.f('ix_oauth1_nonces_expires'), 'oauth1_nonces', ['expires'], unique=False)
    op.create_table('oauth1_access_tokens',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('consumer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['consumer_id'], ['oauth1_consumers.id'], name=op.f('fk_oauth1_access_tokens_consumer_id_oauth1_consumers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oauth1_access_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth1_access_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_oauth1_access_tokens_token_hash'))
    )
    op.create_index(op.f('ix_oauth1_access_tokens_consumer_id'), 'oauth1_access_tokens', ['consumer_id'], unique=False)
    op.create_index(op.f('ix_oauth1_access_tokens_user_id'), 'oauth1_access_tokens', ['user_id'], unique=False)
    op.create_table('oauth1_request_tokens',
    sa.Column('token_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('consumer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('callback', sa.Text(), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('verifier_hash', sa.LargeBinary(length=32), nullable=True),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.Column('expires', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['consumer_id'], ['oauth1_consumers.id'], name=op.f('fk_oauth1_request_tokens_consumer_id_oauth1_consumers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oauth1_request_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_oauth1_request_tokens'))
    )
    op.create_index(op.f('ix_oauth1_request_tokens_expires'), 'oauth1_request_tokens', ['expires'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_oauth1_request_tokens_expires'), table_name='oauth1_request_tokens')
    op.drop_table('oauth1_request_tokens')
    op.drop_index(op.f('ix_oauth1_access_tokens_user_id'), table_name='oauth1_access_tokens')
    op.drop_index(op.f('ix_oauth1_access_tokens_consumer_id'), table_name='oauth1_access_tokens')
    op.drop_table('oauth1_access_tokens')
    op.drop_index(op.f('ix_oauth1_nonces_expires'), table_name='oauth1_nonces')
    op.drop_table('oauth1_nonces')
    op.drop_table('oauth1_consumers')
