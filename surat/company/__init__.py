"""The company's side of a letter: its links, answers, feedback, confirmation and e-mail."""
