"""督查考核: the yearly 工作要点 as tasks, progress and 督办, assessments from the data, training.

A reading-layer app: it reads the domain apps through their selectors only."""
