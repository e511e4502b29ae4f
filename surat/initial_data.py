"""The partner feedback form's questions exist after every migrate (and
after a test database flush), as the unit asked them on paper."""


def ensure_feedback_questions(using="default", **kwargs):
    from .migrations import _questions
    from .models import PertanyaanUmpanBalik

    questions = PertanyaanUmpanBalik.objects.using(using)
    if not questions.exists():
        questions.bulk_create(
            PertanyaanUmpanBalik(teks=teks, urutan=i)
            for i, teks in enumerate(_questions.QUESTIONS, start=1)
        )
