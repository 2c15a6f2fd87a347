package org.rdpdoctor.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * A store that lets another writer in between a server's read of a session and its write, as a
 * second server process on the same database can.
 */
public final class RacingStore {
    private RacingStore() {}

    /**
     * {@code store}, each of whose appends first runs {@code meanwhile} with the session's id: what
     * another server writes after this one read the session and before its write arrives.
     */
    public static SessionStore writingFirst(SessionStore store, Consumer<String> meanwhile) {
        return (SessionStore)
                Proxy.newProxyInstance(
                        SessionStore.class.getClassLoader(),
                        new Class<?>[] {SessionStore.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("append")) {
                                meanwhile.accept((String) args[0]);
                            }
                            try {
                                return method.invoke(store, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }
}
