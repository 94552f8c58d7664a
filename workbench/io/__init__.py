"""Files in and out: the bundled data set, project files, Excel. No Qt."""
