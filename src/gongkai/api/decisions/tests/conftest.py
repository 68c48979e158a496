from gongkai.decisions.tests.conftest import catalog, decision_in, meeting_in, people, proposal_in  # noqa: F401
