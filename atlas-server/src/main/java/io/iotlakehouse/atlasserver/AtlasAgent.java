package io.iotlakehouse.atlasserver;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The java agent of the local Atlas 2.1.0 server (its child JVM runs with {@code -javaagent:<this jar>}). Two fixes:
 *
 * <ol>
 *   <li><b>JDK 17.</b> {@code AtlasJanusGraphDatabase}'s static initializer registers extra JanusGraph backends by
 *       clearing the {@code final} bit of a static field through {@code Field.class.getDeclaredField("modifiers")},
 *       which JDK 12+ hides (NoSuchFieldException, so the class never initializes). Inside that one class the agent
 *       redirects {@code Class.getDeclaredField} to {@link #declaredField}, which finds the hidden field through
 *       {@code Class.getDeclaredFields0} (needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}).</li>
 *   <li><b>Loopback only.</b> Atlas's embedded services (Jetty, and Solr/ZooKeeper when configured) listen on the
 *       wildcard address and have no setting for it. Every server socket of this JVM asked to bind the wildcard
 *       address binds 127.0.0.1 instead (the same port), so nothing the local Atlas opens is reachable from another
 *       machine.</li>
 *   <li><b>Lucene index.</b> The local server indexes into JanusGraph's embedded Lucene (one folder, persistent, no
 *       ports) instead of the embedded SolrCloud (a ZooKeeper and a Jetty, and an index that the war's runner puts in
 *       a new random folder at every start, so search forgets everything on restart). JanusGraph's Lucene backend
 *       accepts only alphanumeric index names and Atlas names its indexes {@code vertex_index}, {@code edge_index},
 *       {@code fulltext_index}: the agent drops the underscores when Lucene picks the index folder.</li>
 * </ol>
 */
public final class AtlasAgent {
  static final String JANUS_DATABASE = "org.apache.atlas.repository.graphdb.janus.AtlasJanusGraphDatabase";
  static final String LUCENE_INDEX = "org.janusgraph.diskstorage.lucene.LuceneIndex";

  private AtlasAgent() {}

  public static void premain(String args, Instrumentation inst) {
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .ignore(ElementMatchers.none())
        .type(named("sun.nio.ch.ServerSocketChannelImpl"))
        .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(LoopbackChannelBind.class)
            .on(named("bind").and(takesArguments(2)).and(takesArgument(0, SocketAddress.class)))))
        .type(named("sun.nio.ch.NioSocketImpl"))
        .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(LoopbackSocketBind.class)
            .on(named("bind").and(takesArguments(2)).and(takesArgument(0, InetAddress.class)))))
        .type(named(LUCENE_INDEX))
        .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(LuceneStoreName.class)
            .on(named("getStoreDirectory").and(takesArguments(1)))))
        .type(named(JANUS_DATABASE))
        .transform((builder, type, loader, module, domain) -> builder.visit(MemberSubstitution.relaxed()
            .method(named("getDeclaredField").and(isDeclaredBy(Class.class)))
            .replaceWith(declaredFieldMethod())
            .on(ElementMatchers.any())))
        .installOn(inst);
  }

  /** {@code type.getDeclaredField(name)}, except that {@code Field.modifiers} is found although JDK 12+ hides it. */
  public static Field declaredField(Class<?> type, String name) throws NoSuchFieldException {
    if (type != Field.class || !"modifiers".equals(name)) return type.getDeclaredField(name);
    try {
      Method fields0 = Class.class.getDeclaredMethod("getDeclaredFields0", boolean.class);
      fields0.setAccessible(true);
      for (Field f : (Field[]) fields0.invoke(Field.class, false)) {
        if (f.getName().equals(name)) return f;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      NoSuchFieldException fail = new NoSuchFieldException(name + " (add --add-opens java.base/java.lang=ALL-UNNAMED)");
      fail.initCause(e);
      throw fail;
    }
    throw new NoSuchFieldException(name);
  }

  private static Method declaredFieldMethod() {
    try {
      return AtlasAgent.class.getMethod("declaredField", Class.class, String.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Inlined into {@code ServerSocketChannelImpl.bind(SocketAddress, int)}: JDK types only. */
  static final class LoopbackChannelBind {
    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(value = 0, readOnly = false) SocketAddress local) {
      if (local == null) {
        local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      } else if (local instanceof InetSocketAddress && ((InetSocketAddress) local).getAddress() != null
          && ((InetSocketAddress) local).getAddress().isAnyLocalAddress()) {
        local = new InetSocketAddress(InetAddress.getLoopbackAddress(), ((InetSocketAddress) local).getPort());
      }
    }
  }

  /** Inlined into {@code LuceneIndex.getStoreDirectory(String)}. */
  static final class LuceneStoreName {
    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(value = 0, readOnly = false) String store) {
      store = store.replace("_", "");
    }
  }

  /** Inlined into {@code NioSocketImpl.bind(InetAddress, int)} (java.net.ServerSocket): JDK types only. */
  static final class LoopbackSocketBind {
    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(value = 0, readOnly = false) InetAddress host) {
      if (host == null || host.isAnyLocalAddress()) host = InetAddress.getLoopbackAddress();
    }
  }
}
