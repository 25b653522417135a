print(matches("job-123", '\d+'), matches("job", '^\d+$'), matches("Running", "(?i)running"), matches("a.b", 'a\.b'))
