"""Runs: a corpus extracted into a run folder (`runner`: streamed, cached, on several processes or a
dask.distributed cluster), with the analysts' decisions applied (`corrections`)."""
