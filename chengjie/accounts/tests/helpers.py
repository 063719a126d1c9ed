"""Helpers for the accounts tests: logging in over HTTP as a person would, and TOTP codes."""

from django.test import Client
from django_otp.oath import totp

from chengjie.core.testing import PASSWORD

# Documentation addresses (RFC 5737): the lockout tests only name them in REMOTE_ADDR.
CLIENT_IP = "203.0.113.10"
OTHER_IP = "203.0.113.20"
PROXY_IP = "198.51.100.1"


def totp_code(device, offset_steps: int = 0) -> str:
    """The code an authenticator app would show now for `device` (RFC 6238)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps):06d}"


def post_login(client: Client, username: str, password: str = PASSWORD, *, ip: str = CLIENT_IP, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def wrong_logins(client: Client, username: str, times: int, *, ip: str = CLIENT_IP, **extra):
    response = None
    for _attempt in range(times):
        response = post_login(client, username, "Wrong#Password9", ip=ip, **extra)
    return response
