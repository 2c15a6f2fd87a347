package org.rdpdoctor.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * A store that lets something happen in between a server's taking a request and its write: another
 * writer, as a second server process on the same database can, or a stop of the server.
 */
public final class RacingStore {
    private RacingStore() {}

    /**
     * {@code store}, each of whose appends first runs {@code meanwhile} with the session's id: what
     * another server writes after this one read the session and before its write arrives.
     */
    public static SessionStore writingFirst(SessionStore store, Consumer<String> meanwhile) {
        return before(store, "append", args -> meanwhile.accept((String) args[0]));
    }

    /** {@code store}, each of whose creates first runs {@code meanwhile}. */
    public static SessionStore creatingAfter(SessionStore store, Runnable meanwhile) {
        return before(store, "create", args -> meanwhile.run());
    }

    private static SessionStore before(
            SessionStore store, String methodName, Consumer<Object[]> meanwhile) {
        return (SessionStore)
                Proxy.newProxyInstance(
                        SessionStore.class.getClassLoader(),
                        new Class<?>[] {SessionStore.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals(methodName)) {
                                meanwhile.accept(args);
                            }
                            try {
                                return method.invoke(store, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }
}
