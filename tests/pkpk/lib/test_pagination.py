"""The one pagination partial (templates/_pagination.html): the pages of a
list keep every filter and the sort of the query string."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def page_links(html):
    return [part.split('"', 1)[0] for part in html.split('class="page-link" href="')[1:]]


def test_it_keeps_the_filters_and_moves_the_page(rf):
    request = rf.get("/", {"q": "ani", "status": "ditolak", "page": "2"})
    page = Paginator(range(60), 20).page(2)
    html = render_to_string("_pagination.html", {"page": page}, request=request)
    assert page_links(html) == [
        "?q=ani&amp;status=ditolak&amp;page=1",
        "?q=ani&amp;status=ditolak&amp;page=3",
    ]
    assert "2" in html and 'aria-current="page"' in html


def test_a_second_list_on_the_page_has_its_own_parameter(rf):
    request = rf.get("/", {"page": "2"})
    comments = Paginator(range(30), 10).page(1)
    html = render_to_string(
        "_pagination.html", {"page": comments, "param": "komentar"}, request=request
    )
    assert page_links(html) == ["?page=2&amp;komentar=2"]


def test_one_page_shows_no_pagination(rf):
    html = render_to_string("_pagination.html", {"page": Paginator(range(3), 20).page(1)})
    assert html.strip() == ""
