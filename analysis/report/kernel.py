"""The kernel engine: papermill executes a batch of notebooks one after another in one kernel.

`shared_kernel` starts the kernel; `execute` runs one notebook in it through the papermill engine registered as
`stakeholders-shared-kernel`, which empties the namespace first (a fresh namespace and execution count, as a new
kernel has), so outputs are those of a new kernel while imports and the tables read are paid for once."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..io.errors import ReportError
from ..io.resources import notebook_dir
from .notebooks import Job

ENGINE = "stakeholders-shared-kernel"


@dataclass
class SharedKernel:
    """A running kernel that executes several notebooks one after another (see `shared_kernel`)."""

    manager: object  # jupyter_client.KernelManager
    client: object  # its blocking client, for the resets between notebooks
    ready: bool = False

    def fresh_namespace(self) -> None:
        """Empty the user namespace and restart the execution count, as a new kernel has them."""
        if not self.ready:  # the kernel answers and its output channel is connected (else a reply can be missed)
            self.client.wait_for_ready(timeout=120)
            self.ready = True
        reply = self.client.execute_interactive("get_ipython().reset(new_session=True)", store_history=False,
                                                timeout=600, output_hook=lambda message: None)
        if reply["content"]["status"] != "ok":
            raise ReportError(f"the report kernel could not be reset: {reply['content'].get('evalue', '')}")


@contextmanager
def shared_kernel(folder: Path, kernel_name: str | None = None, warm_up: str = "") -> Iterator[SharedKernel]:
    """A kernel (working folder: `folder`) for several notebooks executed one after another with `execute`:
    each starts from an empty namespace, as in a fresh kernel, but the modules imported and the run tables read
    by the notebooks before are kept, so a batch of reports pays for them once.

    `warm_up` (such as `import_lines`) is sent at once and runs while the caller goes on."""
    import tempfile

    from jupyter_client import KernelManager

    # IPC sockets in a private folder rather than TCP ports: only this process talks to the kernel, on this
    # machine, so nothing needs to go over the network unencrypted (what ipykernel warns about on TCP)
    with tempfile.TemporaryDirectory(prefix="stakeholders-kernel-") as sockets:
        manager = KernelManager(kernel_name=kernel_name or "python3", transport="ipc",
                                ip=str(Path(sockets) / "kernel"))
        manager.start_kernel(cwd=str(folder), extra_arguments=["--HistoryManager.hist_file=:memory:"])
        client = manager.blocking_client()
        try:
            client.start_channels()
            if warm_up:
                client.execute(warm_up, silent=True, store_history=False)  # its errors show again in the notebook
            yield SharedKernel(manager, client)
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


def execute(job: Job, folder: Path, kernel_name: str | None = None, kernel: SharedKernel | None = None) -> Path:
    """Execute `job`'s notebook with papermill into `folder/<name>.ipynb` (working folder: `folder`), in a new
    kernel, or in `kernel` (see `shared_kernel`) after emptying its namespace."""
    import papermill as pm

    _register_engine()
    target = folder / f"{job.name}.ipynb"
    engine = {"engine_name": ENGINE, "shared": kernel} if kernel is not None else {}
    try:
        pm.execute_notebook(str(notebook_dir() / job.notebook), str(target), parameters=job.parameters,
                            cwd=str(folder), kernel_name=kernel_name, progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, **engine)
    except pm.PapermillExecutionError as err:
        raise ReportError(f"{job.notebook} ({job.name}) failed in cell {err.exec_count}: {err.ename}: "
                          f"{err.evalue}") from None
    return target


def _register_engine() -> None:
    """Register the shared-kernel engine with papermill (on first use: papermill is imported lazily)."""
    from papermill.engines import NBClientEngine, papermill_engines

    class SharedKernelEngine(NBClientEngine):
        """papermill's nbclient engine, run in a `SharedKernel` emptied before each notebook."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, shared: SharedKernel | None = None, **kwargs):
            if shared is not None:
                shared.fresh_namespace()
                kwargs["km"] = shared.manager
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register(ENGINE, SharedKernelEngine)
