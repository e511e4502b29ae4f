"""The service desk (layanan): letter requests, questions, their KPI clocks and the staff queue."""
