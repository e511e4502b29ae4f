"""Internship letters and the unit's service desk.

The app is grouped by sub-domain, each package with the usual layer modules
(services, selectors, forms) as it needs them:

- ``letters/``: a letter itself: numbering, issuing, voiding and replacing
  (services), its HTML and PDF (render), the codes printed on it, reading
  letters in each reader's scope (selectors) and the wording editor's preview.
- ``desk/``: the service desk (layanan): letter requests and questions, the
  student's side (requesting) and staff's (handling), the KPI clocks, and the
  staff queue (selectors and its filters).
- ``company/``: the company's side of a letter: the signed and short links,
  its answers and feedback, the confirmation (services) and the e-mail that
  delivers the letter (delivery).

Sub-domain packages read better than layer packages (``services/``,
``forms/``) because a change to one concern (say, the company's answer)
then stays inside one folder, and each package states in one place what it
depends on: company and desk build on letters. What Django finds by
convention stays at the top: ``models/`` (one package, so the migrations do
not move), ``views/``, ``urls.py``, ``admin.py``, and the worker's task
modules ``tasks.py`` and ``company_tasks.py``, whose dotted paths django-q2
stores in queued tasks and schedule rows. ``limits.py`` (rate limits of the
public pages of letters and of companies) serves two packages.

The service desk stays inside ``surat`` rather than becoming its own app: its
models (requests, clocks, events) point at letters and back, and moving them
would rename their tables through migrations for no change a user sees.
"""
