"""A SIAKAD-like client of the API, over HTTP (requests): what the campus
system would run to push its master data and follow the change feed.
bench/bench_siakad.py runs it at scale; tests/siakad/test_client.py small."""

import time

import requests
from django.test import Client as DjangoClient


class Client:
    def __init__(self, base_url: str, token: str):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def post(self, path, rows):
        return self.http.post(self.base + path, json=rows, timeout=120)

    def get(self, path, **params):
        return self.http.get(self.base + path, params=params, timeout=120)

    def push(self, path, rows, *, batch=1000):
        """Push `rows` in batches; the summed counts and the seconds it took.
        Raises on any answer but 200."""
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        start = time.perf_counter()
        for first in range(0, len(rows), batch):
            response = self.post(path, rows[first : first + batch])
            response.raise_for_status()
            for key, value in response.json().items():
                totals[key] += value
        return totals, time.perf_counter() - start

    def read_feed(self, cursor=None, *, limit=1000):
        """Every event after `cursor`, following `next` to the end: (events, cursor)."""
        events = []
        while True:
            params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
            response = self.get("/changes", **params)
            response.raise_for_status()
            page = response.json()
            events += page["items"]
            cursor = page["next"]
            if not page["more"]:
                return events, cursor


def students(count, *, prodi, first_nim=3350000000, angkatan=2024):
    """`count` student rows as SIAKAD sends them (NIM, name, prodi code...)."""
    return [
        {
            "nim": str(first_nim + n),
            "nama": f"Mahasiswa SIAKAD {n}",
            "prodi": prodi[n % len(prodi)],
            "angkatan": angkatan,
            "email": f"{first_nim + n}@siakad.example.test",
            "telepon": f"0812{n:08d}",
        }
        for n in range(count)
    ]


class Api:
    """Django's test client with a bearer token, JSON in and out."""

    def __init__(self, token=None):
        self.client = DjangoClient(raise_request_exception=False)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def post(self, path, rows):
        return self.client.post(
            "/api/v1" + path, rows, content_type="application/json", headers=self.headers
        )
