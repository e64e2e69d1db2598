% Cut: pruning alternatives, if-then-else, once/1, cut in disjunctions and call/1.
:- initialization(main).

max(X, Y, X) :- X >= Y, !.
max(_, Y, Y).

classify(N, negative) :- N < 0, !.
classify(0, zero) :- !.
classify(N, small) :- N < 10, !.
classify(_, large).

member_first(X, [X|_]) :- !.
member_first(X, [_|T]) :- member_first(X, T).

t(1). t(2). t(3).

cut_in_disjunction(X) :- ( t(X), X > 1, ! ; X = none ).
cut_local_to_call(L) :- findall(X, call((t(X), !)), L).
cut_in_condition(L) :- findall(X-Y, (t(X), ( t(Y), Y > X, ! -> true ; Y = none )), L).
cut_in_negation(R) :- ( \+ (t(X), X > 5, !) -> R = none_above_5 ; R = found ).
no_cut(L) :- findall(X-Y, (t(X), t(Y)), L).
with_cut(L) :- findall(X-Y, (t(X), !, t(Y)), L).

sign_of(X, S) :- ( X > 0 -> S = pos ; X < 0 -> S = neg ; S = zero ).

firsts(L) :- findall(X, once(member(X, [a, b, c])), L).

a(X) :- b(X), !.
a(last).
b(1). b(2).

main :-
    max(3, 7, M1), max(9, 2, M2), write(M1-M2), nl,
    forall(member(N, [-5, 0, 3, 42]), (classify(N, C), write(N:C), nl)),
    ( member_first(b, [a, b, c, b]) -> write(found_b) ; write(no_b) ), nl,
    cut_in_disjunction(D), write(D), nl,
    cut_local_to_call(L1), write(L1), nl,
    cut_in_condition(L2), write(L2), nl,
    cut_in_negation(R), write(R), nl,
    no_cut(L3), write(L3), nl,
    with_cut(L4), write(L4), nl,
    forall(member(V, [5, -2, 0]), (sign_of(V, S), write(S), nl)),
    firsts(F), write(F), nl,
    findall(A, a(A), As), write(As), nl,
    ( member(Z, [1, 2, 3]), Z > 1 -> write(first_over_one(Z)) ; write(none) ), nl,
    findall(W, (member(W, [1, 2, 3]) *-> true ; W = none), Ws), write(Ws), nl,
    findall(W2, (member(W2, []) *-> true ; W2 = none), Ws2), write(Ws2), nl,
    halt.
