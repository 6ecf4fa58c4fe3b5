"""Staff two-factor authentication: TOTP (RFC 6238) after the password, with one-time recovery codes."""
