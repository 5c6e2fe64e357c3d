package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.depa.gateway.problem.Problems;
import org.depa.ledger.model.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every ledger code has a status, and that status agrees with the code's category. */
class ProblemMappingTest {
    private static final Map<ErrorCode.Category, Integer> BY_CATEGORY = Map.of(
            ErrorCode.Category.BAD_REQUEST, 400,
            ErrorCode.Category.FORBIDDEN, 403,
            ErrorCode.Category.NOT_FOUND, 404,
            ErrorCode.Category.CONFLICT, 409,
            ErrorCode.Category.RULE_VIOLATION, 422,
            ErrorCode.Category.INTERNAL, 500);

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeMapsToTheStatusOfItsCategory(ErrorCode code) {
        assertThat(Problems.status(code)).isEqualTo(BY_CATEGORY.get(code.category()));
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyProblemCarriesItsCodeAndStatus(ErrorCode code) {
        var response = Problems.of(code, "detail");
        assertThat(response.getStatus()).isEqualTo(Problems.status(code));
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat((String) response.getEntity()).contains("\"code\":\"" + code.name() + "\"");
    }
}
