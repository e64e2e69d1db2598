% Towers of Hanoi: recursion with moves printed, and move counting.
:- initialization(main).

hanoi(0, _, _, _) :- !.
hanoi(N, From, To, Via) :-
    N1 is N - 1,
    hanoi(N1, From, Via, To),
    format("move disk ~w from ~w to ~w~n", [N, From, To]),
    hanoi(N1, Via, To, From).

moves(0, 0) :- !.
moves(N, M) :- N1 is N - 1, moves(N1, M1), M is 2 * M1 + 1.

count_moves(0, _, _, _, C, C) :- !.
count_moves(N, F, T, V, C0, C) :-
    N1 is N - 1,
    count_moves(N1, F, V, T, C0, C1),
    C2 is C1 + 1,
    count_moves(N1, V, T, F, C2, C).

main :-
    hanoi(3, left, right, middle),
    moves(20, M), write(moves(20, M)), nl,
    count_moves(12, a, c, b, 0, C), write(counted(12, C)), nl,
    halt.
