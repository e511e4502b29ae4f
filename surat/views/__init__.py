"""Letter pages, one module per audience: letters.py (staff letters, downloads,
public verification), student.py (requests and questions), queue.py (the
staff queue and batches), company.py (the company's signed link)."""
