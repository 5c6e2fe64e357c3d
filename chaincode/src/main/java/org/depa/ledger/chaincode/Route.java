package org.depa.ledger.chaincode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.ContractRuntimeException;
import org.hyperledger.fabric.contract.systemcontract.SystemContract;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ResponseUtils;

/**
 * One transaction method and how to call it: the steps and failures of Fabric 2.5.10's
 * {@code ContractExecutionService.executeRequest}, for methods whose arguments after the context
 * are strings and whose result is a string (or nothing). A method of another shape is refused
 * when the routing table is built, not when it is called.
 */
final class Route {
    private final Constructor<? extends ContractInterface> constructor;
    private final Method method;
    private final int arguments;
    private final boolean metadata;

    private Route(Constructor<? extends ContractInterface> constructor, Method method) {
        this.constructor = constructor;
        this.method = method;
        this.arguments = method.getParameterCount() - 1;
        this.metadata = method.getDeclaringClass() == SystemContract.class;
    }

    static Route of(Class<? extends ContractInterface> c, Method m) {
        Class<?>[] types = m.getParameterTypes();
        if (types.length == 0 || !Context.class.isAssignableFrom(types[0])) {
            throw new IllegalStateException("transaction method " + describe(c, m) + " does not take a context first");
        }
        for (int i = 1; i < types.length; i++) {
            if (types[i] != String.class) {
                throw new IllegalStateException("transaction method " + describe(c, m) + " takes a " + types[i]
                        + "; this router passes strings only");
            }
        }
        if (m.getReturnType() != String.class && m.getReturnType() != void.class) {
            throw new IllegalStateException(
                    "transaction method " + describe(c, m) + " returns " + m.getReturnType() + ", not a string");
        }
        try {
            return new Route(c.getDeclaredConstructor(), m);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(c.getName() + " has no constructor without arguments", e);
        }
    }

    /** The transaction method this route calls. */
    Method method() {
        return method;
    }

    /** Runs the method for this invocation; {@code args} are the invocation's arguments after the name. */
    Response execute(ChaincodeStub stub, List<byte[]> args) {
        try {
            ContractInterface contract = constructor.newInstance();
            Context context = contract.createContext(stub);
            Object[] call = new Object[arguments + 1];
            call[0] = context;
            for (int i = 0; i < arguments; i++) {
                // Too few arguments fail here as in Fabric (IndexOutOfBoundsException: "Unexpected error").
                call[i + 1] = new String(args.get(i), StandardCharsets.UTF_8);
            }
            if (metadata) {
                ContractMetadata.initializeOnce();
            }
            contract.beforeTransaction(context);
            Object value = method.invoke(contract, call);
            contract.afterTransaction(context, value);
            return value == null
                    ? ResponseUtils.newSuccessResponse()
                    : ResponseUtils.newSuccessResponse(((String) value).getBytes(StandardCharsets.UTF_8));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ChaincodeException) {
                return ResponseUtils.newErrorResponse(e.getCause());
            }
            throw new ContractRuntimeException("Error during contract method execution", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ContractRuntimeException(
                    "Could not execute contract method: " + method.getName() + ":"
                            + constructor.getDeclaringClass().getCanonicalName(),
                    e);
        }
    }

    private static String describe(Class<?> c, Method m) {
        return c.getSimpleName() + "." + m.getName();
    }
}
