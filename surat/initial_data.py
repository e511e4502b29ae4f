"""The partner feedback form's questions exist after every migrate (and
after a test database flush), as the unit asked them on paper."""


def ensure_feedback_questions(using="default", **kwargs):
    from .migrations import _questions
    from .models import PertanyaanUmpanBalik

    questions = PertanyaanUmpanBalik.objects.using(using)
    if not questions.exists():
        # One save each (a handful), so each reaches the audit trail.
        for i, teks in enumerate(_questions.QUESTIONS, start=1):
            questions.create(teks=teks, urutan=i)
