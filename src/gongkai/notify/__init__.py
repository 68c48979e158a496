"""Messages out: e-mail and SMS to citizens (issue 16), queued in the caller's transaction and
delivered after commit, each at most once (see ``services``)."""
