"""The bundled list of passwords people pick first, checked (case-insensitively) wherever a password is set.

Two parts, kept small on purpose:
- PASSWORDS: whole passwords seen at the top of leaked-password lists, worldwide and in Indonesia (SecLists'
  "10-million-password-list" and "Indonesian_Pwdb" lists, MIT), plus keyboard walks and number runs.
- WORDS: words that stay guessable whatever digits or symbols are put around them ("bismillah123", "Indonesia45!",
  "P@ssw0rd2026"): the password with those stripped, and read without leetspeak, must not be one of them.
To add an entry, append it in lower case; tests/security/test_passwords.py checks the list is well-formed.
"""
from __future__ import annotations

import re

PASSWORDS = frozenset(
    """
    123456 1234567 12345678 123456789 1234567890 12345678910 0123456789 0987654321 9876543210 987654321
    1111111111 0000000000 1234512345 1234554321 1122334455 1212121212 1231231234 1234567891 123456789a
    123123123 123321123 147258369 159753 147852369 741852963 789456123 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y
    1qaz2wsx 1qaz2wsx3edc zaq12wsx zaq1zaq1 qazwsx qazwsxedc qweasdzxc qweasdzxc123 qwe123qwe qwer1234
    qwerty qwerty123 qwerty1234 qwerty12345 qwerty123456 qwertyuiop qwertyuiop123 asdfghjkl asdfghjkl123
    asdf1234 asdfasdf zxcvbnm zxcvbnm123 zxcvbnmasdf abc123 abcd1234 abcde12345 abcdefgh abcdefghij a1b2c3d4
    a1b2c3d4e5 aaaaaaaaaa aa123456 password password1 password12 password123 password1234 password12345
    passw0rd p@ssw0rd p@ssword passwort motdepasse contraseña iloveyou iloveyou1 iloveyou123 iloveu123
    admin admin123 admin1234 admin12345 administrator adminadmin superadmin root1234 toor1234 welcome
    welcome1 welcome123 letmein letmein123 changeme changeme123 trustno1 monkey dragon sunshine princess
    football baseball superman batman starwars whatever freedom master shadow michael jennifer
    rahasia rahasia123 rahasia1234 rahasiaku rahasiadong katasandi katasandi123 kata-sandi katakunci
    sandi123 indonesia indonesia1 indonesia45 indonesia123 indonesia1945 indonesiaraya merdeka
    merdeka45 merdeka1945 merdeka17 17agustus1945 garudaindonesia garuda pancasila pancasila45
    bismillah bismillah123 bismillah1234 bismilah bismilah123 alhamdulillah subhanallah masyaallah
    insyaallah assalamualaikum allahuakbar muhammad muhammad123 sayang sayang123 sayangku sayangku123
    sayangkamu akusayangkamu sayangmama cintaku cintaku123 cinta123 cintamu aku123456 kamu123456
    cantik cantik123 ganteng ganteng123 kucing kucing123 bintang bintang123 matahari sahabat sahabat123
    semangat semangat123 sukses sukses123 terserah jomblo doraemon naruto sasuke akatsuki
    jakarta jakarta123 bandung bandung123 surabaya surabaya123 semarang semarang123 palembang medan123
    yogyakarta jogjakarta makassar malang123 bekasi123 tangerang depok123 bogor123 persib persija
    aremania bonek1927 persebaya komputer internet facebook instagram whatsapp gojek123 tokopedia
    januari februari september oktober november desember agustus
    pegawai pegawai123 pemerintah pemda1234 pemkot1234 pemkab1234 kominfo kominfo123 diskominfo
    bappeda bapperida inovasi inovasi123 inovasi2024 inovasi2025 inovasi2026 innolab innolab123
    innolab2024 innolab2025 innolab2026 laboratorium laboratoriuminovasi
    """.split()
)

WORDS = frozenset(
    """
    password passwort admin administrator welcome letmein changeme iloveyou qwerty qwertyuiop asdfghjkl
    zxcvbnm abcdef abcdefgh monkey dragon sunshine princess football superman batman master
    rahasia katasandi sandi indonesia merdeka garuda pancasila bismillah bismilah alhamdulillah
    assalamualaikum muhammad sayang sayangku cinta cintaku cantik ganteng kucing bintang matahari
    sahabat semangat sukses jakarta bandung surabaya semarang yogyakarta malang makassar palembang
    pegawai pemerintah pemda pemkot pemkab kominfo inovasi innolab laboratorium
    """.split()
)

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
# Digits, punctuation and spaces put before or after a word, as in "123sayang" or "Indonesia45!".
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def is_common(password: str) -> bool:
    """Whether `password` is on the list, or is a listed word with only digits or symbols around it."""
    lowered = password.strip().lower()
    if lowered in PASSWORDS:
        return True
    core = _AROUND.sub("", lowered)
    if core in WORDS:
        return True
    # Leetspeak: "P@ssw0rd2026" is "password" with a year. Strip first, so "!" and digits at the ends stay digits.
    return _AROUND.sub("", core.translate(_LEET)) in WORDS
