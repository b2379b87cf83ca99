package dev.tcpswarm.cli;

import java.lang.reflect.Proxy;

/**
 * SIGHUP for {@code monitor}'s reload. The JDK's only way to catch it is {@code sun.misc.Signal}
 * (module jdk.unsupported), reached by reflection here because the build treats the compiler's
 * warning about that API as an error. The handler runs on a thread the JVM starts for each signal.
 */
final class HangupSignal {
    private HangupSignal() {
    }

    /** Calls {@code onHangup} on every SIGHUP; false when this JVM cannot catch it (then HUP ends it). */
    static boolean install(Runnable onHangup) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onHangup.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "tcpswarm SIGHUP handler";
                    });
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
