"""Doing a thing once, however many workers try: claim the row first."""


def claim_unsent(queryset, *, pk, sent_field):
    """The row `pk` of `queryset`, locked for this transaction, if `sent_field`
    is still empty; None when it was done already or another worker holds it
    (skip_locked: nobody waits). Call inside transaction.atomic() and set
    `sent_field` before the transaction ends."""
    return (
        queryset.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=pk, **{f"{sent_field}__isnull": True})
        .first()
    )
