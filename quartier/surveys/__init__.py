"""Surveys: model, XLSForm import/export, skip logic, responses, results."""
