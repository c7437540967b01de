"""Password hashing with argon2id at OWASP's recommended parameters."""
from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from innolab.auth import common_passwords

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)

MIN_LENGTH = 10
MAX_LENGTH = 128  # argon2 has no limit, but an unbounded input is a cheap denial of service


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)


def is_common(password: str) -> bool:
    """Whether `password` is on the bundled common-password list (innolab/auth/common_passwords.py)."""
    return common_passwords.is_common(password)


# Spent on unknown e-mail addresses so a failed login takes as long whether or not the account exists.
DUMMY_HASH = HASHER.hash("not-a-real-password-for-timing")
