"""Password hashing with argon2id at OWASP's recommended parameters."""
from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)

MIN_LENGTH = 10
MAX_LENGTH = 128  # argon2 has no limit, but an unbounded input is a cheap denial of service

# A short list of passwords people pick first; the full check lives with the form validator.
COMMON_PASSWORDS = frozenset(
    """
    password password1 password123 passw0rd 123456 1234567 12345678 123456789 1234567890 0123456789
    qwerty qwerty123 qwertyuiop asdfghjkl abc123 abcd1234 iloveyou admin admin123 administrator
    welcome welcome1 letmein monkey dragon sunshine princess football baseball superman trustno1
    rahasia rahasia123 indonesia indonesia1 merdeka merdeka45 bismillah bismillah123 sayang sayang123
    jakarta jakarta123 bandung surabaya garuda pancasila katasandi katasandi123 kata-sandi inovasi
    inovasi123 innolab innolab123 pegawai pemerintah kominfo
    """.split()
)


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
    return password.lower() in COMMON_PASSWORDS


# Spent on unknown e-mail addresses so a failed login takes as long whether or not the account exists.
DUMMY_HASH = HASHER.hash("not-a-real-password-for-timing")
