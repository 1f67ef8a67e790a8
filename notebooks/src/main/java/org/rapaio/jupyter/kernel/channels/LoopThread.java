package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replaces the kernel's own {@code LoopThread} (rapaio-jupyter-kernel 3.0.1), whose start races make a kernel never
 * answer (about 2 starts in 10 here; Jupyter then waits until its startup timeout):
 *
 * <ol>
 *   <li>{@code Channels.connect} starts the channel threads before it has registered the message handlers. A
 *       {@code kernel_info_request} arriving in between makes the shell loop throw a {@code NullPointerException},
 *       which ended the thread: the shell channel was dead for good. Here an exception thrown while handling one
 *       message is logged and the loop goes on; the client repeats {@code kernel_info_request} until it is answered.
 *   <li>The original sets {@code running = true} only after {@code Thread.start()}, so a thread that reaches
 *       {@code run()} first ends at once. Here the flag is set before the thread starts.
 * </ol>
 *
 * <p>Same name, constructor and methods as the original; it is loaded instead of it because the kernel spec
 * ({@code io.iotlakehouse.notebooks.KernelSpec}) puts this module before the kernel jar on the kernel's {@code -cp}.
 * Remove it when the kernel is upgraded to a version with these fixes.
 */
public final class LoopThread extends Thread {
  private static final Logger LOG = Logger.getLogger(LoopThread.class.getName());
  /** A channel that fails this many times in a row is broken, not racing: its loop ends, as the original's did. */
  static final int MAX_CONSECUTIVE_FAILURES = 100;

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
    int failures = 0;
    while (running) {
      try {
        loopBody.run();
        failures = 0;
      } catch (RuntimeException e) {
        if (++failures >= MAX_CONSECUTIVE_FAILURES) {
          LOG.log(Level.SEVERE, getName() + ": " + failures + " failures in a row; the channel stops", e);
          throw e;
        }
        LOG.log(Level.WARNING, getName() + ": a message could not be handled; the channel goes on", e);
      }
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
