package org.rapaio.jupyter.kernel.channels;

/**
 * Replaces the kernel's own {@code LoopThread} (rapaio-jupyter-kernel 3.0.1), which sets {@code running = true}
 * only after {@code Thread.start()}: when the new thread reaches {@code run()} first it sees {@code false} and ends
 * at once, so that channel (shell, control or heartbeat) never answers and Jupyter waits for a kernel that never
 * becomes ready (about 2 starts in 10 on a loaded machine). Here the flag is set before the thread starts.
 *
 * <p>The class has the same name, constructor and methods as the original and is found first because the kernel spec
 * ({@code io.iotlakehouse.notebooks.KernelSpec}) puts this module's jar before the kernel jar on the kernel's
 * {@code -cp}. Remove it when the kernel is upgraded to a version with the fix.
 */
public final class LoopThread extends Thread {
  private volatile boolean running;
  private final long sleep;
  private final Runnable loopBody;

  public LoopThread(String name, long sleep, Runnable loopBody) {
    super(name);
    this.sleep = sleep;
    this.loopBody = loopBody;
  }

  @Override
  public void run() {
    while (running) {
      loopBody.run();
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        running = false;
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    super.start();
  }

  public void shutdown() {
    running = false;
  }
}
