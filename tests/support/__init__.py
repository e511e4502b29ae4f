"""Plain helpers the tests share: no fixtures and no tests here. A test
module or a conftest imports them from here, never from another test module
or a conftest (tests/structure/test_test_imports.py holds that); the
fixtures that build on them live in the conftest of the folder that uses
them, or in tests/conftest.py when several folders do.

- clock: WIB and frozen moments;  files: the smallest real and fake uploads
- pages: what a response shows (its text, flashed messages, who is signed in)
- applications, letters: registrations, letter requests and letters made
  through the services;  partners, recaps, kpi: the recap tests' data
- workbooks: student import workbooks;  cast: the security tests' world
- matrix: the authorization matrix;  mail: a local SMTP server
- browser: the Playwright journeys' helpers;  ops: processes started for real
"""
