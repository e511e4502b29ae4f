"""The numbers of procedure PR.8.4.1, step 2, in one place."""

# A student may register elsewhere once the company has answered, or when
# more than this many working days have passed without an answer.
WORKING_DAYS_TO_ANSWER = 10
