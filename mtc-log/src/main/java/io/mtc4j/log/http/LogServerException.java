package io.mtc4j.log.http;

import io.mtc4j.spec.MtcException;

/** The log server could not start: the message names the address and the cause. */
public class LogServerException extends MtcException {
    private static final long serialVersionUID = 1L;

    public LogServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
