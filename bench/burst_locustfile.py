"""The students of the registration-day burst, as locust users. Run by
bench/bench_burst.py, which names a JSON file of settings in the BURST
environment variable and reads the samples back from the file it names.

Three modes, one locust run each against the same gunicorn:
- "signin": every student opens the sign-in page and signs in with NIM and
  password, at most `signin_concurrency` at a time (PBKDF2 costs about half
  a second of CPU each; see bench_burst.py); their cookies are written out;
- "students": with those cookies, each student arrives at a random moment of
  the window and browses and registers like a person, with think time
  between pages;
- "bare": the same users send the same number of GETs, with the same pacing,
  to the bare Django view: the baseline.

Every request is recorded as (phase, page, ms, status, outcome), outcome
being "ok", "refused" (the rule said no, as it must) or an error."""

import html.parser
import http.cookiejar
import json
import os
import random
import re
import time
import uuid

import gevent
from gevent.event import Event
from gevent.lock import Semaphore
from locust import FastHttpUser, events, task
from locust.exception import StopUser

with open(os.environ["BURST"]) as settings_file:
    SETTINGS = json.load(settings_file)
MODE = SETTINGS.get("mode", "students")
USERS = SETTINGS.get("users", 1)
SECONDS = SETTINGS.get("seconds", 60)
LOGINS = iter(SETTINGS.get("logins", []))
COOKIES = SETTINGS.get("cookies", {})  # nim -> {name: value}, from the sign-in run
PASSWORD = SETTINGS.get("password", "")
SEARCH_WORDS = SETTINGS.get("search_words", ["magang"])

# How long a person takes: between pages, and to fill in the form.
THINK = (0.5, 1.5)
FILL_IN = (2.0, 4.0)
# A scenario takes about this long, so the last arrival still ends in the window.
SCENARIO_SECONDS = 12

SAMPLES = []
SIGNED_IN = {}  # nim -> cookies, written out by the sign-in run
signin_gate = Semaphore(SETTINGS.get("signin_concurrency", 4))
ready = {"spawned": 0, "count": 0, "done": 0, "signin_started": None, "window_started": None}
window_open = Event()
all_done = Event()

# A PDF only by its first bytes, as the upload check looks: about the size of
# a one-page CV.
PDF = b"%PDF-1.4\n" + b"%" + b"x" * 100_000 + b"\n%%EOF\n"
REFUSAL = re.compile(r"masih menunggu|still waiting", re.IGNORECASE)
VACANCY_LINK = re.compile(r'href="/magang/lowongan/(\d+)/"')


class Forms(html.parser.HTMLParser):
    """The forms of a page: their attributes and their fields' values."""

    def __init__(self, text):
        super().__init__()
        self.forms = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": {}, "types": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""
            self.forms[-1]["types"][attrs["name"]] = kind

    def find(self, field):
        return next((f for f in self.forms if field in f["fields"]), None)


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def cookie(name, value):
    """A cookie of the server under test for the user's cookie jar."""
    host = SETTINGS["host"]
    return http.cookiejar.Cookie(
        0,
        name,
        value,
        None,
        False,
        host,
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


class Student(FastHttpUser):
    # The site answers in well under a second; a minute means it fell over.
    network_timeout = 60.0
    connection_timeout = 60.0

    def on_start(self):
        self.client.client.redirect_response_codes = frozenset()  # every page measured alone
        self.index = ready["spawned"]
        ready["spawned"] += 1
        self.rng = random.Random(2026 + self.index)
        self.ok = True
        if MODE == "signin":
            self.nim = next(LOGINS)
            with signin_gate:
                if ready["signin_started"] is None:
                    ready["signin_started"] = time.monotonic()
                self.ok = self.sign_in()
            if self.ok:
                SIGNED_IN[self.nim] = {c.name: c.value for c in self.client.cookiejar}
        elif MODE == "students":
            self.nim = next(LOGINS)
            cookies = COOKIES.get(self.nim)
            self.ok = cookies is not None
            for name, value in (cookies or {}).items():
                self.client.cookiejar.set_cookie(cookie(name, value))
        ready["count"] += 1
        if ready["count"] == USERS:
            ready["window_started"] = time.monotonic()
            window_open.set()

    @task
    def registration_day(self):
        if MODE == "signin":
            self.done()
        window_open.wait()
        gevent.sleep(self.rng.uniform(0, max(0, SECONDS - SCENARIO_SECONDS)))
        try:
            if self.ok:
                (self.bare if MODE == "bare" else self.browse_and_register)()
        finally:
            self.done()

    def done(self):
        ready["done"] += 1
        if ready["done"] == USERS:
            all_done.set()
        raise StopUser

    # --- requests --------------------------------------------------------

    def call(self, phase, page, method, path, *, expect=(200,), data=None, headers=None):
        start = time.perf_counter()
        response = self.client.request(method, path, name=page, data=data, headers=headers)
        ms = (time.perf_counter() - start) * 1000
        status = response.status_code
        if status in expect:
            outcome = "ok"
        elif status == 0:
            outcome = f"connection error: {type(response.error).__name__}"
        else:
            outcome = f"unexpected {status}"
        SAMPLES.append(
            {
                "phase": phase,
                "page": page,
                "ms": round(ms, 2),
                "status": status,
                "outcome": outcome,
                "at": time.monotonic(),
            }
        )
        return response if outcome == "ok" else None

    def get(self, page, path, **kwargs):
        return self.call("window", page, "GET", path, **kwargs)

    def think(self, span=THINK):
        gevent.sleep(self.rng.uniform(*span))

    # --- sign-in ---------------------------------------------------------

    def sign_in(self):
        page = self.call("sign-in", "sign-in page", "GET", "/masuk/")
        if page is None:
            return False
        form = Forms(page.text).find("password")
        fields = {**form["fields"], "username": self.nim, "password": PASSWORD}
        response = self.call(
            "sign-in",
            "sign-in",
            "POST",
            "/masuk/",
            expect=(302,),
            data=fields,
            headers={"Referer": f"{self.host}/masuk/"},
        )
        return response is not None

    # --- the window --------------------------------------------------------

    def bare(self):
        """The students' number of requests (about 8) and pacing, against the bare view."""
        requests = 8
        for n in range(requests):
            self.get("bare view", "/")
            if n == 3:
                self.think(FILL_IN)
            elif n < requests - 1:
                self.think()

    def browse_and_register(self):
        """Home, vacancies (some search), one vacancy, its form, register,
        the application, then the list of one's own applications. Some
        students click twice, or register on two vacancies in two tabs at
        once, or try again later: the second attempt must be refused."""
        if not self.get("student home", "/mahasiswa/"):
            return
        self.think()
        listing = self.get("vacancy list", "/magang/lowongan/")
        if not listing:
            return
        ids = sorted(set(VACANCY_LINK.findall(listing.text)))
        if self.rng.random() < 0.3:
            self.think()
            word = self.rng.choice(SEARCH_WORDS)
            found = self.get("vacancy search", f"/magang/lowongan/?q={word}")
            if found:
                ids = sorted(set(VACANCY_LINK.findall(found.text)) | set(ids))
        if len(ids) < 2:
            self.fail("vacancy list", "fewer than two vacancies listed")
            return
        first, second = self.rng.sample(ids, 2)
        self.think()
        self.get("vacancy page", f"/magang/lowongan/{first}/")
        self.think()
        form = self.registration_form(first)
        if form is None:
            return
        self.think(FILL_IN)

        kind = self.index % 20
        if kind < 3:  # a double click: the same form twice at once
            self.submit_together([(first, form), (first, form)])
        elif kind < 5:  # two tabs: two vacancies at once
            other = self.registration_form(second)
            if other is not None:
                self.submit_together([(first, form), (second, other)])
        else:
            self.follow(self.submit(first, form, expect=(302,)))
            if kind < 7:  # later, another vacancy: refused while the first waits
                self.think()
                other = self.registration_form(second, blocked=True)
                if other is not None:
                    self.submit(second, other, expect=(200,))
        self.think()
        self.get("my applications", "/magang/saya/")

    def registration_form(self, pk, *, blocked=False):
        page = self.get("registration form", f"/magang/lowongan/{pk}/daftar/")
        if page is None:
            return None
        forms = Forms(page.text)
        if blocked:
            # No form while waiting: a stale tab posts the fields anyway.
            token = forms.find("csrfmiddlewaretoken")["fields"]["csrfmiddlewaretoken"]
            return {"csrfmiddlewaretoken": token, "posisi": "Magang", "kontak_nama": "HRD"}
        form = forms.find("posisi")
        if form is None:
            self.fail("registration form", "no form on the page")
            return None
        return {n: v for n, v in form["fields"].items() if form["types"][n] != "file"}

    def submit(self, pk, fields, *, expect):
        fields = {
            "mulai": "2027-02-01",
            "selesai": "2027-05-31",
            "kontak_email": "hrd@mitra.example",
            **{k: v for k, v in fields.items() if v},
        }
        body, content_type = multipart(
            fields, {"cv": ("cv.pdf", PDF), "transkrip": ("transkrip.pdf", PDF)}
        )
        path = f"/magang/lowongan/{pk}/daftar/"
        response = self.call(
            "window",
            "submit registration",
            "POST",
            path,
            expect=expect,
            data=body,
            headers={"Content-Type": content_type, "Referer": f"{self.host}{path}"},
        )
        if response is not None and response.status_code == 200:
            if REFUSAL.search(response.text):
                SAMPLES[-1]["outcome"] = "refused"
            else:
                SAMPLES[-1]["outcome"] = "unexpected: form error without the rule's message"
                return None
        return response

    def submit_together(self, attempts):
        jobs = [gevent.spawn(self.submit, pk, form, expect=(200, 302)) for pk, form in attempts]
        gevent.joinall(jobs)
        responses = [job.value for job in jobs if job.value is not None]
        registered = [r for r in responses if r.status_code == 302]
        if len(registered) == 1 and len(responses) == len(attempts):
            self.follow(registered[0])
        elif len(registered) > 1:
            self.fail("submit registration", "rule violation: two registrations accepted")
        elif len(responses) == len(attempts):
            self.fail("submit registration", "both attempts refused")

    def follow(self, response):
        if response is not None:
            self.get("application page", response.headers["Location"])

    def fail(self, page, why):
        SAMPLES.append(
            {"phase": "window", "page": page, "ms": None, "status": 0, "outcome": why, "at": 0}
        )


@events.test_start.add_listener
def watch(environment, **kwargs):
    def stop_when_done():
        all_done.wait()
        environment.runner.quit()

    gevent.spawn(stop_when_done)


@events.quitting.add_listener
def write_samples(environment, **kwargs):
    with open(SETTINGS["out"], "w") as out:
        json.dump(
            {
                "samples": SAMPLES,
                "signin_started": ready["signin_started"],
                "window_started": ready["window_started"],
                "signed_in": ready["count"],
                "cookies": SIGNED_IN,
                "done": ready["done"],
            },
            out,
        )
