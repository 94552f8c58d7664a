"""Plain values shared by every layer: data set, parameters, scenarios, projects. No Qt."""
