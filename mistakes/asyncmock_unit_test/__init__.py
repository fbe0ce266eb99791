"""The seed's AsyncMock unit test, and three workflows it passes although they are broken."""
